/**
 * What the connection machine's named effects do for this transport: client-js callbacks,
 * client-ready, the outbox, playback and audio, and the errors the app is told about. One
 * function per effect, so the facade only wires and the machine only decides.
 */
import { RTVIMessage, RTVI_PROTOCOL_VERSION, type RTVIEventCallbacks } from "@pipecat-ai/client-js";
import { describeClose } from "../../machines/connectionMachine.js";
import type { Logger } from "../common/logging.js";
import type { Inspector } from "../inspect/Inspector.js";
import type { WebSocketSerializer } from "../serializers/WebSocketSerializer.js";
import type { AudioSession } from "./AudioSession.js";
import { failureMessage } from "./describeFailure.js";
import type { Link } from "./Link.js";
import type { Outbound } from "./Outbound.js";
import type { ConnectionEffects } from "./provideConnection.js";
import type { StatsCounters } from "./TransportStatsCounter.js";

export interface EffectDeps {
  serializer: WebSocketSerializer;
  link: Link;
  outbound: Outbound;
  audio: AudioSession;
  counters: StatsCounters;
  inspector: Inspector;
  logger: Logger;
  /** client-js's callbacks (set by `initialize()`). */
  callbacks(): Partial<RTVIEventCallbacks>;
  /** Hands a message to client-js as if the server had sent it. */
  deliver(message: RTVIMessage): void;
  /** When the current `connect()` began (for time to ready). */
  connectStartedAt(): number;
  now(): number;
  /** Redaction for what the app is told (errors quote close reasons and endpoint answers). */
  redact(text: string): string;
}

const BOT = { id: "bot", name: "bot", local: false };

export function createConnectionEffects(d: EffectDeps): ConnectionEffects {
  const reportError = (text: string, fatal: boolean) => {
    const message = d.redact(text);
    d.inspector.error(message, fatal);
    d.logger[fatal ? "error" : "warn"](message);
    d.callbacks().onError?.(RTVIMessage.error(message, fatal));
  };
  return {
    sendClientReady: () => {
      const message = RTVIMessage.clientReady();
      const encoded = d.serializer.serializeMessage(message);
      if (encoded !== null && encoded !== undefined) d.link.send(encoded, message);
    },
    notifyConnected: () => {
      d.audio.start();
      d.callbacks().onConnected?.();
    },
    notifyReady: (context) => {
      if (d.counters.timeToReadyMs === null) d.counters.timeToReadyMs = d.now() - d.connectStartedAt();
      // This protocol has no handshake: client-js waits for a bot-ready that will never come.
      if (!context.handshake) d.deliver(new RTVIMessage("bot-ready", { version: RTVI_PROTOCOL_VERSION, about: { handshake: "none" } }));
    },
    flushOutbox: () => d.outbound.flush(),
    clearOutbox: () => d.outbound.outbox.clear(),
    notifyReconnecting: (context, event) => {
      const why =
        event.type === "SOCKET.CLOSE"
          ? describeClose(event as { code: number; reason: string })
          : `no bot-ready within readyTimeoutMs (${context.readyTimeoutMs} ms)`;
      reportError(`${why}; reconnecting (up to ${context.reconnect.maxAttempts} attempts)`, false);
    },
    interruptPlayback: () => d.audio.io.interrupt(),
    notifyDisconnected: (context) => {
      void d.audio.stop().catch((e: unknown) => d.logger.error("stopping audio failed:", e));
      // Reported once: client-js answers both with disconnect(), which `disconnected` ignores.
      if (context.failure) reportError(failureMessage(context.failure), true);
      if (context.botLeft) d.callbacks().onBotDisconnected?.(BOT);
      d.callbacks().onDisconnected?.();
    },
  };
}
