/**
 * Browser side of the heap test: the devtools panel mounted (docked, open) on an event
 * source made of the transport's inspection types, and `__run(seconds)` that replays a voice
 * session in virtual time — 50 mic + 50 bot audio frames per second, a conversation turn every
 * 5 s, a reconnect every 60 s — yielding one animation frame per virtual second so the panel
 * renders as it would live.
 */
import { connectionMachine } from "../../../machines/connectionMachine.js";
import { mountDevtools } from "../../../devtools/src/index.js";
import { ReplayTransport, audioEvent, rtviEvent } from "../support/replayTransport.js";
import type { InspectionEvent } from "../../../src/inspect/InspectionEvent.js";

const transport = new ReplayTransport(connectionMachine);
// Open and docked at the bottom (wide enough for the log beside the statechart), as a developer would watch it.
const unmount = mountDevtools(transport, { open: true, dock: "bottom", storageKey: null });
const t0 = performance.now();
let virtualSecond = 0;

function state(time: number, previous: string, next: string, event: string, attempt = 0): InspectionEvent {
  return { kind: "state", time, previous, state: next, event, attempt, maxAttempts: 2 };
}

function emitSecond(s: number): void {
  const base = t0 + s * 1000;
  if (s === 0) {
    transport.emit(state(base, "idle", "connecting", "CONNECT"), state(base + 5, "connecting", "connected.handshaking", "SOCKET.OPEN"));
    transport.emit(rtviEvent(base + 6, "out", "client-ready", { version: "2.1.0" }), rtviEvent(base + 40, "in", "bot-ready", { version: "2.1.0" }));
    transport.emit(state(base + 41, "connected.handshaking", "connected.ready", "BOT_READY"));
  }
  for (let i = 0; i < 50; i++) {
    const level = 0.05 + 0.2 * Math.abs(Math.sin((s * 50 + i) / 40));
    transport.emit(audioEvent(base + i * 20, "out", level, 16000), audioEvent(base + i * 20 + 3, "in", level / 2, 24000));
  }
  if (s % 5 === 2) {
    const texts = ["user-started-speaking", "user-stopped-speaking"].map((type, k) => rtviEvent(base + 100 + k * 300, "in", type));
    transport.emit(...texts);
    transport.emit(rtviEvent(base + 450, "in", "user-transcription", { text: `turn ${s}: what is the weather like today`, final: true, user_id: "u", timestamp: new Date(0).toISOString() }));
    transport.emit(rtviEvent(base + 500, "in", "bot-started-speaking"), rtviEvent(base + 510, "in", "bot-output", { text: `It is sunny (turn ${s}).`, spoken: true, aggregated_by: "sentence" }));
    transport.emit(rtviEvent(base + 900, "in", "bot-stopped-speaking"));
  }
  if (s % 60 === 59) {
    transport.emit(
      state(base + 950, "connected.ready", "reconnecting.backoff", "SOCKET.CLOSE"),
      { kind: "error", time: base + 950, message: "connection lost (code 1006); reconnecting (up to 2 attempts)", fatal: false },
      { kind: "drop", time: base + 960, what: "mic-audio", reason: "reconnecting" },
      state(base + 970, "reconnecting.backoff", "reconnecting.opening", "xstate.after.backoff.connection.reconnecting.backoff", 1),
      state(base + 980, "reconnecting.opening", "connected.handshaking", "SOCKET.OPEN", 1),
      state(base + 990, "connected.handshaking", "connected.ready", "BOT_READY", 1),
    );
    transport.stats.reconnects++;
  }
}

const nextFrame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));

async function run(seconds: number): Promise<{ rows: number; evicted: number; renderedRows: number }> {
  for (let i = 0; i < seconds; i++) {
    emitSecond(virtualSecond++);
    await nextFrame();
  }
  await nextFrame();
  const root = document.querySelector("[data-pipecat-devtools]")!.shadowRoot!;
  return {
    rows: Number(root.querySelector("[data-role=buffer]")?.getAttribute("data-size") ?? -1),
    evicted: Number(root.querySelector("[data-role=evicted]")?.getAttribute("data-count") ?? 0),
    renderedRows: root.querySelectorAll(".row").length,
  };
}

Object.assign(window, { __run: run, __unmount: unmount, __transport: transport });
