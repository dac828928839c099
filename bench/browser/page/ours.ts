/**
 * Bench page for our transport: `PipecatClient` + our `WebSocketTransport` with its default
 * browser audio (a `BrowserAudioIO` passed in explicitly only so the harness can reach its
 * AudioContext and output node), default rates (mic 16 kHz, player 24 kHz); `?chunkMs=20` sets
 * the mic chunk length (default: BrowserAudioIO's).
 */
import "./timedSocket.js";
import { PipecatClient } from "@pipecat-ai/client-js";
import { WebSocketTransport } from "../../../src/transport/WebSocketTransport.js";
import { BrowserAudioIO } from "../../../src/audio/browser/index.js";
import { installHarness } from "./harness.js";

let client: PipecatClient | undefined;
let io: BrowserAudioIO | undefined;
const chunkMs = Number(new URLSearchParams(location.search).get("chunkMs")) || undefined;

installHarness({
  async connect(wsUrl) {
    io = new BrowserAudioIO(chunkMs ? { chunkMs } : {});
    const transport = new WebSocketTransport({ audio: io, reconnect: false });
    client = new PipecatClient({ transport, enableMic: true, enableCam: false });
    await client.connect({ wsUrl });
  },
  output() {
    const ctx = io?.audioContext;
    const out = io?.output;
    return ctx && out ? { context: ctx, tap: (node, input) => out.connect(node, 0, input) } : undefined;
  },
  micTrack() {
    return client?.tracks().local.audio ?? undefined;
  },
  micSource() {
    return io?.input;
  },
  playbackStats() {
    return io?.playbackStats();
  },
  async disconnect() {
    await client?.disconnect();
  },
});
