/**
 * Scale bench, server process: a minimal Pipecat-style bot on loopback that answers
 * client-ready with bot-ready, then streams 20 ms 24 kHz audio frames at real time (50/s) to
 * every ready connection from one shared clock, and counts mic frames per connection.
 * Runs in its own process so the client process's CPU is the client's alone.
 */
import { WebSocketServer, type WebSocket } from "ws";
import { ProtobufFrameSerializer } from "../../src/serializers/ProtobufFrameSerializer.js";
import { pace } from "../../test/reliability/support/pacedAudio.js";

const ser = new ProtobufFrameSerializer();
const botReady = ser.serializeMessage({ label: "rtvi-ai", type: "bot-ready", id: "r", data: { version: "2.0.0" } } as never);
const frame = ser.serializeAudio(new Int16Array(480).fill(1000), 24000, 1);
const ready = new Set<WebSocket>();
let upFrames = 0;

const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 }, () => {
  const { port } = wss.address() as { port: number };
  process.send!({ type: "listening", port });
});
wss.on("connection", (ws) => {
  ws.on("error", () => {});
  ws.on("close", () => ready.delete(ws));
  ws.on("message", (data: Buffer) => {
    // Audio frames start with tag 0x12 (oneof field 2); everything else is a message.
    if (data[0] === 0x12) {
      upFrames++;
      return;
    }
    const f = ser.decode(data);
    if (f.type === "message" && f.message.type === "client-ready") {
      ws.send(botReady);
      ready.add(ws);
    }
  });
});
pace(20, () => {
  for (const ws of ready) ws.send(frame);
});
process.on("message", (m: { type: string }) => {
  if (m.type === "stats") process.send!({ type: "stats", upFrames, ready: ready.size, cpu: process.cpuUsage() });
  if (m.type === "exit") process.exit(0);
});
