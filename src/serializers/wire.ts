/**
 * The one module that touches the generated protobuf code. Everything else imports from here.
 *
 * uint64 fields: protobufjs reads them exactly (as long.js `Long`s) because it loads long.js
 * itself; we never import long.js (a second copy would double its bundle cost). Writing takes
 * any `{ low, high }` object, so outbound ids need no Long class either.
 */
import type Long from "long";
import { pipecat } from "./generated/frames.js";

export const Frame = pipecat.Frame;
export type FrameMessage = pipecat.Frame;
export type FrameProperties = pipecat.Frame.$Properties;

/** The shape of a long.js `Long` (what protobufjs reads uint64 fields as). */
export interface LongBits {
  low: number;
  high: number;
  unsigned?: boolean;
}

/** A protobuf uint64 as read by protobufjs (Long) or given by a caller (number/bigint). */
export type Uint64Like = LongBits | number | bigint | string | null | undefined;

/** Exact bigint of a uint64 field. */
export function toBigInt(value: Uint64Like): bigint {
  if (value == null) return 0n;
  if (typeof value === "bigint") return value;
  if (typeof value === "number") return BigInt(value);
  if (typeof value === "string") return BigInt(value);
  return (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0);
}

/** A bigint as the `{ low, high }` pair the generated encoder writes (no Long class needed). */
export function toLong(value: bigint): Long {
  const v = BigInt.asUintN(64, value);
  // The generated types say Long; its encoder only reads `low`/`high` (protobufjs LongBits.from).
  return { low: Number(v & 0xffffffffn) | 0, high: Number(v >> 32n) | 0, unsigned: true } as unknown as Long;
}
