/**
 * Serializer throughput: ours vs the official `@pipecat-ai/websocket-transport`
 * ProtobufFrameSerializer vs a plain copy of the same bytes (the physical limit), for the
 * frames that flow 50 times a second each way, and for an RTVI message both ways.
 * Competitors run interleaved, round after round; ratios are taken per round, then the median.
 */
import { ProtobufFrameSerializer as OfficialSerializer } from "@pipecat-ai/websocket-transport";
import { ProtobufFrameSerializer } from "../src/serializers/ProtobufFrameSerializer.js";
import { median, ops, opsAsync } from "./stats.js";

export interface Competitor {
  name: string;
  run: () => unknown;
  async?: boolean;
}

export interface ScenarioResult {
  scenario: string;
  /** Median ops/s per competitor. */
  opsPerSec: Record<string, number>;
  /** Median per-round ratios, e.g. "ours/official". */
  ratios: Record<string, number>;
}

const ours = new ProtobufFrameSerializer();
const official = new OfficialSerializer();

function pcm(samples: number): ArrayBuffer {
  const a = new Int16Array(samples);
  for (let i = 0; i < samples; i++) a[i] = Math.round(Math.sin(i / 7) * 12000);
  return a.buffer;
}

function copyOf(bytes: Uint8Array): () => Uint8Array {
  return () => {
    const out = new Uint8Array(bytes.length);
    out.set(bytes);
    return out;
  };
}

/**
 * One scenario: `rounds` rounds; in each, the competitors take turns in short slices (A B C A B C
 * …) so a burst of load from elsewhere on the machine hits all of them alike. Ratios per round.
 */
async function scenario(name: string, competitors: Competitor[], rounds: number, msPerRun: number, ratios: [string, string][]): Promise<ScenarioResult> {
  const samples: Record<string, number[]> = Object.fromEntries(competitors.map((c) => [c.name, []]));
  const ratioSamples: Record<string, number[]> = Object.fromEntries(ratios.map(([a, b]) => [`${a}/${b}`, []]));
  const measure = (c: Competitor, ms: number) => (c.async ? opsAsync(c.run as () => Promise<unknown>, ms) : Promise.resolve(ops(c.run, ms)));
  for (const c of competitors) await measure(c, 100); // warm-up (JIT)
  const slices = 8;
  for (let r = 0; r < rounds; r++) {
    const acc: Record<string, { ops: number; ms: number }> = Object.fromEntries(competitors.map((c) => [c.name, { ops: 0, ms: 0 }]));
    for (let i = 0; i < slices; i++) {
      for (const c of competitors) {
        const m = await measure(c, msPerRun / slices);
        acc[c.name].ops += m.ops;
        acc[c.name].ms += m.ms;
      }
    }
    const round = Object.fromEntries(Object.entries(acc).map(([k, v]) => [k, (v.ops * 1000) / v.ms]));
    for (const c of competitors) samples[c.name].push(round[c.name]);
    for (const [a, b] of ratios) ratioSamples[`${a}/${b}`].push(round[a] / round[b]);
  }
  return {
    scenario: name,
    opsPerSec: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)])),
    ratios: Object.fromEntries(Object.entries(ratioSamples).map(([k, v]) => [k, median(v)])),
  };
}

/** Checks both serializers produce the same samples for the decode scenario (same work). */
function sameAudio(a: Int16Array, b: Int16Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

export async function benchSerializers(rounds = 7, msPerRun = 150): Promise<ScenarioResult[]> {
  const mic = pcm(320); // 20 ms at 16 kHz
  const botFrame = ours.serializeAudio(pcm(480), 24000, 1); // 20 ms at 24 kHz
  const botBuffer = Uint8Array.from(botFrame).buffer; // what `ws`/the browser hand over with binaryType "arraybuffer"
  const botBlob = new Blob([botBuffer]); // what the official transport receives (binaryType "blob")
  const rtvi = { label: "rtvi-ai", type: "bot-llm-text", id: "b1f3", data: { text: "Hello there, how can I help you today?" } };
  const rtviFrame = ours.serializeMessage(rtvi as never);
  const rtviBuffer = Uint8Array.from(rtviFrame).buffer; // not .slice(): encode() may return a pooled Buffer
  const rtviBlob = new Blob([rtviBuffer]);

  // Same work: both decode the frame to the same samples, both encode byte-identical frames.
  const theirs = (await official.deserialize(botBlob)) as { audio: Int16Array };
  const mine = ours.decode(botBuffer);
  if (mine.type !== "audio" || !sameAudio(mine.audio, theirs.audio)) throw new Error("decoders disagree");
  const encA = Buffer.from(ours.serializeAudio(mic, 16000, 1));
  const encB = Buffer.from(official.serializeAudio(mic, 16000, 1));
  if (!encA.equals(encB)) throw new Error(`encoders disagree (${encA.length} vs ${encB.length} bytes)`);

  const results: ScenarioResult[] = [];
  results.push(await scenario("encode 20 ms 16 kHz mic frame", [
    { name: "ours", run: () => ours.serializeAudio(mic, 16000, 1) },
    { name: "official", run: () => official.serializeAudio(mic, 16000, 1) },
    { name: "copy", run: copyOf(encA) },
  ], rounds, msPerRun, [["ours", "official"], ["ours", "copy"]]));
  results.push(await scenario("decode 20 ms 24 kHz bot frame", [
    { name: "ours", run: () => ours.decode(botBuffer) },
    { name: "ours (Blob)", run: () => ours.deserialize(botBlob), async: true },
    { name: "official (Blob)", run: () => official.deserialize(botBlob), async: true },
    { name: "copy", run: copyOf(botFrame) },
  ], rounds, msPerRun, [["ours", "official (Blob)"], ["ours (Blob)", "official (Blob)"], ["ours", "copy"]]));
  results.push(await scenario("encode RTVI message", [
    { name: "ours", run: () => ours.serializeMessage(rtvi as never) },
    { name: "official", run: () => official.serializeMessage(rtvi as never) },
    { name: "copy", run: copyOf(rtviFrame) },
  ], rounds, msPerRun, [["ours", "official"], ["ours", "copy"]]));
  results.push(await scenario("decode RTVI message", [
    { name: "ours", run: () => ours.decode(rtviBuffer) },
    { name: "ours (Blob)", run: () => ours.deserialize(rtviBlob), async: true },
    { name: "official (Blob)", run: () => official.deserialize(rtviBlob), async: true },
    { name: "copy", run: copyOf(rtviFrame) },
  ], rounds, msPerRun, [["ours", "official (Blob)"], ["ours (Blob)", "official (Blob)"], ["ours", "copy"]]));
  return results;
}
