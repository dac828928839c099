/**
 * An inbound audio frame that costs no copy to produce: it keeps a view on the received bytes
 * (`pcm`) and makes the `Int16Array` only when someone reads `audio` — a view when the bytes
 * are 2-byte aligned, one copy when not. The browser player reads `pcm` and hands the whole
 * received buffer to the audio thread, so the main thread never copies samples.
 */
import { pcm16At } from "../pcm/pcm16.js";
import type { AudioFrame } from "./WebSocketSerializer.js";

export class DecodedAudioFrame implements AudioFrame {
  readonly type = "audio" as const;
  // `declare`: no own property unless set — presence matters (0 and absent differ).
  declare pts?: bigint;
  #audio: Int16Array | undefined;

  /** `pcm` must hold a whole number of samples (the serializer checks before constructing). */
  constructor(
    readonly pcm: Uint8Array,
    readonly sampleRate: number,
    readonly numChannels: number,
  ) {}

  get audio(): Int16Array {
    return (this.#audio ??= pcm16At(this.pcm, 0, this.pcm.length)!);
  }
}
