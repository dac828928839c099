import { TwilioSerializer as OfficialTwilio } from "@pipecat-ai/websocket-transport";
import { describe, expect, it } from "vitest";
import { base64Decode, base64Encode } from "../../src/serializers/base64.js";
import { mulawDecode, mulawEncode } from "../../src/pcm/mulaw.js";
import { TwilioSerializer } from "../../src/serializers/TwilioSerializer.js";

function tone(n: number, freq: number, rate: number, amp = 8000): Int16Array {
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.round(Math.sin((2 * Math.PI * freq * i) / rate) * amp);
  return out;
}

describe("μ-law and base64", () => {
  it("μ-law round-trips within G.711's quantisation error", () => {
    const pcm = tone(800, 440, 8000, 30000);
    const back = mulawDecode(mulawEncode(pcm));
    for (let i = 0; i < pcm.length; i++) {
      expect(Math.abs(back[i]! - pcm[i]!)).toBeLessThanOrEqual(Math.max(16, Math.abs(pcm[i]!) * 0.07));
    }
  });

  it("base64 matches Buffer's for every tail length and rejects non-base64", () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      const b64 = base64Encode(bytes);
      expect(b64).toBe(Buffer.from(bytes).toString("base64"));
      expect(Array.from(base64Decode(b64)!)).toEqual(Array.from(bytes));
    }
    expect(base64Decode("abc")).toBeNull();
    expect(base64Decode("ab$=")).toBeNull();
  });
});

describe("TwilioSerializer", () => {
  const ser = new TwilioSerializer();

  it("decodes media as 8 kHz audio and clear as an interruption", () => {
    const pcm = tone(160, 300, 8000);
    const msg = JSON.stringify({ event: "media", streamSid: "MZ1", media: { payload: base64Encode(mulawEncode(pcm)) } });
    const frame = ser.decode(msg);
    expect(frame.type).toBe("audio");
    if (frame.type === "audio") {
      expect(frame.sampleRate).toBe(8000);
      expect(frame.audio.length).toBe(160);
    }
    expect(ser.decode(JSON.stringify({ event: "clear", streamSid: "MZ1" }))).toEqual({ type: "interruption" });
    expect(ser.decode(JSON.stringify({ event: "mark", mark: { name: "x" } })).type).toBe("raw");
  });

  it("reads what the official TwilioSerializer writes, and the other way round", async () => {
    const official = new OfficialTwilio();
    const pcm = tone(160, 300, 8000);
    const theirs = official.serializeAudio(pcm.buffer as ArrayBuffer, 8000, 1);
    const ours = ser.decode(theirs);
    expect(ours.type === "audio" && ours.audio.length).toBe(160);
    const oursOut = new TwilioSerializer().serializeAudio(pcm.buffer as ArrayBuffer, 8000, 1)!;
    expect(JSON.parse(oursOut)).toEqual(JSON.parse(theirs));
  });

  it("resamples mic audio at other rates to 8 kHz", () => {
    const s = new TwilioSerializer();
    let samples = 0;
    for (let i = 0; i < 10; i++) {
      const out = JSON.parse(s.serializeAudio(tone(320, 400, 16000).buffer as ArrayBuffer, 16000, 1)!);
      samples += base64Decode(out.media.payload)!.length;
    }
    // 10 chunks of 20 ms at 16 kHz → about 1600 samples at 8 kHz, less the filter's start-up delay
    expect(samples).toBeGreaterThan(1500);
    expect(samples).toBeLessThanOrEqual(1600);
  });

  it("cannot carry RTVI messages and classifies bad input", () => {
    expect(ser.serializeMessage({ label: "rtvi-ai", type: "x", id: "1", data: {} } as never)).toBeNull();
    expect(ser.decode("{oops").type === "malformed" && (ser.decode("{oops") as { reason: string }).reason).toBe("invalid-json");
    expect((ser.decode(JSON.stringify({ event: "media", media: { payload: "***" } })) as { reason: string }).reason).toBe("decode-error");
    expect((ser.decode(JSON.stringify({ nothing: 1 })) as { reason: string }).reason).toBe("unknown-frame");
    expect((ser.decode("[1,2]") as { reason: string }).reason).toBe("invalid-json");
  });
});
