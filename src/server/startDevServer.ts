/**
 * The dev bot server: a local stand-in for a Pipecat bot, so the demo, the tests and anyone
 * trying the transport need no Python install. This file wires the parts and owns the listener:
 * HTTP routes (httpRoutes.ts), the upgrade gate (upgradeGate.ts), one {@link BotConnection} with
 * its EchoBot per socket, and the fault controls (faults.ts). Bad input never takes it down.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import { ProtobufFrameSerializer } from "../serializers/ProtobufFrameSerializer.js";
import { BotConnection } from "./BotConnection.js";
import { createFaults, FaultState, type DevServerFaults } from "./faults.js";
import { createHttpRoutes, sendError } from "./httpRoutes.js";
import { makeEmitter, ThrottledEmit } from "./log.js";
import { DevServerError, resolveDevServerOptions, type DevServerOptions } from "./options.js";
import { endRawHttp, UpgradeGate } from "./upgradeGate.js";

export { DevServerError, type DevServerOptions } from "./options.js";

/** A running dev server. */
export interface DevServer {
  /** `http://HOST:PORT` (an IPv6 host in brackets). */
  url: string;
  /** `http://HOST:PORT/connect`: POST here for `{ ws_url }` (what `startBotAndConnect({ endpoint })` uses). */
  connectUrl: string;
  /** `ws://HOST:PORT/ws?token=…`: connect here directly. Contains the token: do not log it. */
  wsUrl: string;
  host: string;
  port: number;
  /** The token the server expects. */
  token: string;
  /** Fault injection, always available in-process. */
  faults: DevServerFaults;
  /** Open WebSocket connections. */
  connectionCount(): number;
  /** Closes every connection (1001) and the listener. Idempotent. */
  close(): Promise<void>;
}

/** Starts the dev bot server; resolves once it listens. */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const opts = resolveDevServerOptions(options);
  const emit = makeEmitter(opts.logger);
  const rejections = new ThrottledEmit(emit);
  const faultState = new FaultState();
  const conns = new Set<BotConnection>();
  const serializer = new ProtobufFrameSerializer();
  let closing: Promise<void> | null = null;
  let boundPort = opts.port;

  const faults = createFaults(faultState, () => conns, emit);
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxMessageSize, perMessageDeflate: false });
  const gate = new UpgradeGate({
    options: opts,
    wss,
    faultState,
    emit,
    rejections,
    isClosing: () => closing !== null,
    connectionCount: () => conns.size,
    onConnection: (ws, id, req) => {
      conns.add(new BotConnection(id, ws, req, { options: opts, serializer, faultState, emit, onClosed: (c) => conns.delete(c) }));
    },
  });
  const routes = createHttpRoutes({
    options: opts,
    faults,
    emit,
    wsBase: (req: IncomingMessage) => {
      // Behind a wildcard bind the request's Host is the address the client can reach.
      const wildcard = opts.listenHost === "0.0.0.0" || opts.listenHost === "::";
      return `ws://${wildcard && typeof req.headers.host === "string" ? req.headers.host : hostPort(opts.listenHost, boundPort)}/ws`;
    },
  });

  const server: Server = createServer({ maxHeaderSize: opts.maxHeaderBytes }, (req, res) => {
    routes(req, res).catch((e: unknown) => {
      emit("error", "http-error", { message: (e as Error).message });
      if (!res.headersSent) sendError(res, 500, "internal error");
      else res.destroy();
    });
  });
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Duplex) => {
    // Answer what can be answered (oversized headers, garbage); Node would otherwise just hang up.
    const status = err.code === "HPE_HEADER_OVERFLOW" ? 431 : 400;
    rejections.event(`http-${status}`, "warn", "request-rejected", { status, reason: err.code ?? "bad-request" });
    if (!socket.writable || err.code === "ECONNRESET") {
      socket.destroy();
      return;
    }
    endRawHttp(socket, status, status === 431 ? `request headers larger than ${opts.maxHeaderBytes} bytes` : "bad request");
  });
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    try {
      gate.handle(req, socket, head);
    } catch (e) {
      emit("error", "upgrade-error", { message: (e as Error).message });
      socket.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException): void => {
      reject(
        new DevServerError(
          "listen-failed",
          e.code === "EADDRINUSE"
            ? `port ${opts.port} on ${opts.host} is in use; stop the other server or pass another port (--port, or 0 for any free port)`
            : `cannot listen on ${hostPort(opts.listenHost, opts.port)}: ${e.message}`,
          { cause: e },
        ),
      );
    };
    server.once("error", onError);
    server.listen(opts.port, opts.listenHost, () => {
      server.off("error", onError);
      resolve();
    });
  });
  server.on("error", (e) => emit("error", "server-error", { message: e.message }));
  const address = server.address();
  boundPort = typeof address === "object" && address ? address.port : opts.port;
  const base = hostPort(opts.listenHost, boundPort);
  emit("info", "listening", {
    url: `http://${base}`,
    outputSampleRate: opts.bot.outputSampleRate,
    pace: opts.bot.pace,
    chunkMs: opts.bot.chunkMs,
    faults: opts.exposeFaults ? "exposed" : undefined,
  });

  return {
    url: `http://${base}`,
    connectUrl: `http://${base}/connect`,
    wsUrl: `ws://${base}/ws?token=${encodeURIComponent(opts.token)}`,
    host: opts.host,
    port: boundPort,
    token: opts.token,
    faults,
    connectionCount: () => conns.size,
    close: () => {
      closing ??= (async () => {
        for (const s of gate.heldSockets) s.destroy();
        gate.heldSockets.clear();
        const closed = [...conns].map(
          (c) =>
            new Promise<void>((r) => {
              c.ws.once("close", () => r());
              c.ws.close(1001, "server shutting down");
              setTimeout(() => c.ws.terminate(), 500).unref();
            }),
        );
        await Promise.all(closed);
        wss.close();
        server.closeAllConnections();
        await new Promise<void>((r) => server.close(() => r()));
        rejections.flush();
        emit("info", "stopped");
      })();
      return closing;
    },
  };
}

/** `host:port`, with an IPv6 address in brackets. */
function hostPort(host: string, port: number): string {
  return `${host.includes(":") ? `[${host}]` : host}:${port}`;
}
