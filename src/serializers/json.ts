/** JSON message decoding shared by the serializers. */
import type { RTVIMessage } from "@pipecat-ai/client-js";
import type { InboundFrame } from "./WebSocketSerializer.js";

/** Parses a message frame's JSON `data`; anything but a JSON object is malformed. */
export function decodeJsonMessage(data: string, size: number): InboundFrame {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch (e) {
    return { type: "malformed", reason: "invalid-json", detail: (e as Error).message, size };
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    return { type: "malformed", reason: "invalid-json", detail: "message data is not a JSON object", size };
  }
  return { type: "message", message: parsed as RTVIMessage };
}
