/**
 * Drive a Pipecat bot from Node: a generated "utterance" as the user's voice, the bot's voice
 * recorded to bot.wav, every RTVI message printed. Run the dev bot first (`npm start` or
 * `npx pipecat-ws serve`), then: `npx tsx examples/node-call.ts [endpoint]`.
 */
import { LogLevel, PipecatClient } from "@pipecat-ai/client-js";
import { StreamAudioIO, WavFileSink, WebSocketTransport } from "../src/node/index.js";

const endpoint = process.argv[2] ?? "http://127.0.0.1:7860/connect";
const sink = new WavFileSink({ path: "bot.wav" });
const transport = new WebSocketTransport({ audio: new StreamAudioIO({ sink }) });
const client = new PipecatClient({
  transport,
  enableMic: true,
  enableCam: false,
  callbacks: {
    onServerMessage: (m) => console.log("server:", m),
    onUserTranscript: (t) => console.log("user:", t.text),
    onBotOutput: (b) => console.log("bot:", b.text),
    onBotStoppedSpeaking: () => console.log("bot stopped speaking"),
    onError: (e) => console.error("error:", e.data),
  },
});

client.setLogLevel(LogLevel.WARN); // client-js logs every RTVI message at its default level

await client.startBotAndConnect({ endpoint });
console.log("ready; speaking for 1.5 s");

// 1.5 s of a voiced-sounding 16 kHz tone, then 1 s of silence so the bot's VAD hears the turn end,
// sent in real time as 20 ms chunks — as a microphone would.
const rate = 16000;
const chunk = rate / 50;
for (let i = 0; i < 125; i++) {
  const pcm = new Int16Array(chunk);
  if (i < 75) for (let j = 0; j < chunk; j++) pcm[j] = Math.round(Math.sin((2 * Math.PI * 220 * (i * chunk + j)) / rate) * 8000);
  transport.handleUserAudioStream(pcm.buffer);
  await new Promise((r) => setTimeout(r, 20));
}
await new Promise((r) => setTimeout(r, 2500)); // let the bot answer
await client.disconnect();
console.log("recorded", sink.stats, "to bot.wav");
