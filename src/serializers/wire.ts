/**
 * The one module that touches the generated protobuf code. Everything else imports from here.
 *
 * protobufjs only reads uint64 exactly when `util.Long` is set; bundlers cannot resolve its
 * dynamic `require("long")`, so we hand it long.js explicitly (idempotent, no other effect).
 */
import Long from "long";
import $protobuf from "protobufjs/minimal.js";
import { pipecat } from "./generated/frames.js";

if ($protobuf.util.Long !== Long) {
  $protobuf.util.Long = Long;
  $protobuf.configure();
}

export const Frame = pipecat.Frame;
export type FrameMessage = pipecat.Frame;
export type FrameProperties = pipecat.Frame.$Properties;

/** A protobuf uint64 as read by protobufjs (Long) or given by a caller (number/bigint). */
export type Uint64Like = Long | number | bigint | string | null | undefined;

/** Exact bigint of a uint64 field. */
export function toBigInt(value: Uint64Like): bigint {
  if (value == null) return 0n;
  if (typeof value === "bigint") return value;
  if (typeof value === "number") return BigInt(value);
  if (typeof value === "string") return BigInt(value);
  return (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0);
}

/** A Long for a bigint, for the generated encoder. */
export function toLong(value: bigint): Long {
  return Long.fromString(BigInt.asUintN(64, value).toString(), true);
}
