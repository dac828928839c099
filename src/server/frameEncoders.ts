/**
 * Encoders for the frames only a server sends (TextFrame, TranscriptionFrame, InterruptionFrame).
 * The client serializer never sends them, so they live here, with the dev bot and the fake bots
 * of the tests and benchmarks, not in `ProtobufFrameSerializer`.
 */
import { Frame, toLong } from "../serializers/wire.js";

/** Fields of an outbound TextFrame / TranscriptionFrame / InterruptionFrame. */
export interface OutboundFrameFields {
  /** The frame's uint64 id. Default 0. */
  id?: bigint;
  /** The frame's name, e.g. `InterruptionFrame#3`. Default "". */
  name?: string;
}

/** A TextFrame (what a Pipecat server may send). */
export function encodeTextFrame(text: string, fields: OutboundFrameFields = {}): Uint8Array {
  return Frame.encode({ text: { id: toLong(fields.id ?? 0n), name: fields.name ?? "", text } }).finish();
}

/** A TranscriptionFrame. */
export function encodeTranscriptionFrame(text: string, userId: string, timestamp: string, fields: OutboundFrameFields = {}): Uint8Array {
  return Frame.encode({
    transcription: { id: toLong(fields.id ?? 0n), name: fields.name ?? "", text, userId, timestamp },
  }).finish();
}

/** An InterruptionFrame (barge-in: the client drops the bot audio it has buffered). */
export function encodeInterruptionFrame(fields: OutboundFrameFields = {}): Uint8Array {
  return Frame.encode({ interruption: { id: toLong(fields.id ?? 0n), name: fields.name ?? "" } }).finish();
}
