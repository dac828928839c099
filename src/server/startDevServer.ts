/**
 * The dev bot server: a local stand-in for a Pipecat bot, so the demo, the tests and anyone
 * trying the transport need no Python install. HTTP `POST /connect` hands out the WebSocket URL
 * (the way Pipecat bot runners do); WebSocket `/ws` speaks Pipecat's protobuf protocol to an
 * {@link EchoBot}. Bad input never takes the server down; every connection event is logged.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { ProtobufFrameSerializer } from "../serializers/ProtobufFrameSerializer.js";
import { isLoopbackHost, isOriginAllowed, tokenMatches, type AllowedOrigins } from "./access.js";
import { EchoBot } from "./EchoBot.js";
import type { EnergyVadOptions } from "./EnergyVad.js";
import { applyFaultRequest, FaultState, type DevServerFaults } from "./faults.js";
import { logfmtLogger, makeEmitter, pathOnly, type DevServerLogger, type Emit } from "./log.js";
import { malformedMessage } from "./malformedFrames.js";

/** Options of {@link startDevServer}. */
export interface DevServerOptions {
  /** Interface to bind. Default `127.0.0.1`. Non-loopback hosts need `allowNonLoopback`. */
  host?: string;
  /** TCP port; `0` picks a free one. Default 7860 (Pipecat's usual port). */
  port?: number;
  /** Allow binding a host other machines can reach. Default false: the bot has no real auth. */
  allowNonLoopback?: boolean;
  /** Token clients must pass as `?token=`. Default: a random one per start (see `wsUrl`). */
  token?: string;
  /** Browser origins allowed to connect. Default `"loopback"`: pages on localhost/127.x/[::1]. */
  allowedOrigins?: AllowedOrigins;
  /** Largest inbound WebSocket message in bytes; larger closes the socket with 1009. Default 1 MiB. */
  maxMessageSize?: number;
  /** Rate of the bot's audio in Hz. Default 24000. */
  outputSampleRate?: number;
  /** Duration of each bot audio chunk in ms. Default 20. */
  chunkMs?: number;
  /** Bot audio is sent this many times faster than real time. Default 2. */
  pace?: number;
  /** Energy VAD tuning (threshold dBFS, start/stop ms). */
  vad?: EnergyVadOptions;
  /** Longest user turn echoed, in ms. Default 30000. */
  maxUtteranceMs?: number;
  /** Serve the fault-injection API at `POST /__faults` (token required). Default false. */
  exposeFaults?: boolean;
  /** Receives one record per event. Default: logfmt lines on stderr. `false` silences. */
  logger?: DevServerLogger | false;
}

/** A running dev server. */
export interface DevServer {
  /** `http://HOST:PORT` */
  url: string;
  /** `http://HOST:PORT/connect`: POST here for `{ ws_url }` (what `connect({ endpoint })` uses). */
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

/** The server could not start; the message names the option to change. */
export class DevServerError extends Error {
  constructor(
    readonly code: "non-loopback-host" | "invalid-option" | "listen-failed",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "DevServerError";
  }
}

interface Conn {
  id: number;
  ws: WebSocket;
  bot: EchoBot;
}

const MAX_BODY = 64 * 1024;

/** Starts the dev bot server; resolves once it listens. */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 7860;
  if (!options.allowNonLoopback && !isLoopbackHost(host)) {
    throw new DevServerError(
      "non-loopback-host",
      `refusing to bind host '${host}': the dev server has no real authentication; use a loopback host ` +
        "(127.0.0.1, localhost, ::1) or pass allowNonLoopback: true (--allow-non-loopback) if you mean it",
    );
  }
  const outputSampleRate = options.outputSampleRate ?? 24000;
  const maxMessageSize = options.maxMessageSize ?? 1024 * 1024;
  checkInt("port", port, 0, 65535);
  checkInt("outputSampleRate", outputSampleRate, 8000, 192000);
  checkInt("maxMessageSize", maxMessageSize, 1024, 256 * 1024 * 1024);
  const token = options.token ?? randomBytes(18).toString("base64url");
  if (token.length === 0) throw new DevServerError("invalid-option", "'token' must not be empty");
  const allowedOrigins = options.allowedOrigins ?? "loopback";
  const emit = makeEmitter(options.logger === undefined ? logfmtLogger : options.logger);
  const botOptions = {
    outputSampleRate,
    chunkMs: options.chunkMs ?? 20,
    pace: options.pace ?? 2,
    vad: options.vad ?? {},
    maxUtteranceMs: options.maxUtteranceMs ?? 30_000,
    prerollMs: 200,
  };

  const faultState = new FaultState();
  const conns = new Set<Conn>();
  const heldSockets = new Set<Duplex>();
  const serializer = new ProtobufFrameSerializer();
  let nextId = 0;
  let closing: Promise<void> | null = null;

  const faults: DevServerFaults = {
    dropConnections: () => each((c) => c.ws.terminate(), "drop"),
    closeConnections: (code, reason = "") => each((c) => c.ws.close(code, reason), "close", { code }),
    refuseHandshakes: (count, status = 503) => {
      faultState.refuse = { count, status };
      emit("warn", "fault", { fault: "refuse", count, status });
    },
    delayHandshakes: (count, ms) => {
      faultState.delay = { count, ms };
      emit("warn", "fault", { fault: Number.isFinite(ms) ? "delay" : "hang", count, ms: Number.isFinite(ms) ? ms : undefined });
    },
    sendMalformed: (kind) => {
      const msg = malformedMessage(kind);
      return each((c) => c.ws.send(msg), "malformed", { kind });
    },
    withholdBotReady: (count) => {
      faultState.withhold = count;
      emit("warn", "fault", { fault: "withhold-bot-ready", count });
    },
    reset: () => {
      faultState.reset();
      emit("info", "fault", { fault: "reset" });
    },
  };

  function each(fn: (c: Conn) => void, fault: string, fields: Record<string, string | number> = {}): number {
    let n = 0;
    for (const c of conns) {
      try {
        fn(c);
        n++;
      } catch (e) {
        emit("error", "fault-failed", { conn: c.id, fault, message: (e as Error).message });
      }
    }
    emit("warn", "fault", { fault, ...fields, connections: n });
    return n;
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageSize, perMessageDeflate: false });
  const server: Server = createServer((req, res) => {
    handleHttp(req, res).catch((e: unknown) => {
      emit("error", "http-error", { message: (e as Error).message });
      if (!res.headersSent) sendText(res, 500, "internal error\n");
      else res.destroy();
    });
  });
  server.on("clientError", (_err, socket) => socket.destroy());
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    try {
      handleUpgrade(req, socket, head);
    } catch (e) {
      emit("error", "upgrade-error", { message: (e as Error).message });
      socket.destroy();
    }
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = pathOnly(req.url);
    const origin = req.headers.origin;
    const originOk = isOriginAllowed(origin, allowedOrigins);
    if (originOk && origin) {
      res.setHeader("Access-Control-Allow-Origin", origin);
      res.setHeader("Vary", "Origin");
    }
    if (req.method === "OPTIONS" && (path === "/connect" || path === "/__faults")) {
      if (!originOk) return sendText(res, 403, "origin not allowed\n");
      res.setHeader("Access-Control-Allow-Methods", "POST, OPTIONS");
      const asked = req.headers["access-control-request-headers"];
      res.setHeader("Access-Control-Allow-Headers", typeof asked === "string" ? asked : "content-type");
      res.setHeader("Access-Control-Max-Age", "600");
      res.writeHead(204).end();
      return;
    }
    if (path === "/connect" && req.method === "POST") {
      if (!originOk) {
        emit("warn", "connect-rejected", { reason: "origin", origin });
        return sendText(res, 403, "origin not allowed; start the server with --allow-origin <origin>\n");
      }
      const body = await readBody(req);
      if (body === null) return sendText(res, 413, "request body too large\n");
      const wsUrl = `${wsBase(req)}?token=${encodeURIComponent(token)}`;
      emit("info", "connect-request", { origin });
      return sendJson(res, 200, { ws_url: wsUrl });
    }
    if (path === "/__faults" && req.method === "POST" && options.exposeFaults) {
      if (!originOk) return sendText(res, 403, "origin not allowed\n");
      const auth = req.headers.authorization;
      const given = typeof auth === "string" && auth.startsWith("Bearer ") ? auth.slice(7) : queryToken(req.url);
      if (!tokenMatches(given, token)) return sendText(res, 401, "missing or wrong token\n");
      const body = await readBody(req);
      if (body === null) return sendText(res, 413, "request body too large\n");
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        return sendJson(res, 400, { error: "body is not JSON" });
      }
      const result = applyFaultRequest(faults, parsed);
      return sendJson(res, "error" in result ? 400 : 200, result);
    }
    if (path === "/" && req.method === "GET") {
      return sendText(res, 200, "pipecat-ws dev bot server\nPOST /connect -> { ws_url }\nWebSocket /ws?token=...\n");
    }
    return sendText(res, 404, "not found\n");
  }

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on("error", () => socket.destroy());
    const id = ++nextId;
    const origin = req.headers.origin;
    const reject = (status: number, reason: string, text: string): void => {
      emit("warn", "handshake-rejected", { conn: id, status, reason, origin });
      rejectUpgrade(socket, status, text);
    };
    if (closing) return reject(503, "closing", "server is shutting down");
    if (pathOnly(req.url) !== "/ws") return reject(404, "path", "WebSocket endpoint is /ws");
    if (!isOriginAllowed(origin, allowedOrigins)) return reject(403, "origin", "origin not allowed");
    if (!tokenMatches(queryToken(req.url), token)) return reject(401, "token", "missing or wrong ?token=");
    const fault = faultState.takeHandshakeFault();
    if (fault && "refuse" in fault) return reject(fault.refuse, "fault", "refused by fault injection");
    const accept = (): void => {
      heldSockets.delete(socket);
      if (closing || socket.destroyed) {
        socket.destroy();
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, id, req));
    };
    if (fault && "delayMs" in fault) {
      emit("warn", "handshake-held", { conn: id, ms: Number.isFinite(fault.delayMs) ? fault.delayMs : "forever" });
      heldSockets.add(socket);
      socket.once("close", () => heldSockets.delete(socket));
      if (Number.isFinite(fault.delayMs)) setTimeout(accept, fault.delayMs).unref();
      return;
    }
    accept();
  }

  function onConnection(ws: WebSocket, id: number, req: IncomingMessage): void {
    let framesIn = 0;
    let framesOut = 0;
    const malformed = new Map<string, number>();
    const connEmit: Emit = (level, event, fields = {}) => emit(level, event, { conn: id, ...fields });
    const bot = new EchoBot(
      {
        send: (data) => {
          if (ws.readyState !== ws.OPEN) return;
          framesOut++;
          ws.send(data);
        },
        close: (code, reason) => ws.close(code, reason),
        withholdBotReady: () => faultState.takeWithhold(),
        emit: connEmit,
      },
      botOptions,
    );
    const conn: Conn = { id, ws, bot };
    conns.add(conn);
    connEmit("info", "connected", { origin: req.headers.origin, remote: req.socket.remoteAddress });

    ws.on("message", (data, isBinary) => {
      framesIn++;
      try {
        const bytes = Array.isArray(data) ? Buffer.concat(data) : data;
        const frame = isBinary
          ? serializer.decode(bytes instanceof ArrayBuffer ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength))
          : serializer.decode(bytes.toString());
        if (frame.type === "malformed") {
          const n = (malformed.get(frame.reason) ?? 0) + 1;
          malformed.set(frame.reason, n);
          // Once per kind, then every 1000th, so a flood cannot flood the log too.
          if (n === 1 || n % 1000 === 0) connEmit("warn", "malformed-input", { reason: frame.reason, count: n, size: frame.size });
          return;
        }
        bot.handle(frame);
      } catch (e) {
        connEmit("error", "handler-error", { message: (e as Error).message });
      }
    });
    ws.on("error", (e: Error & { code?: string }) => {
      connEmit("warn", e.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH" ? "message-too-large" : "socket-error", {
        message: e.message,
        limit: e.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH" ? maxMessageSize : undefined,
      });
    });
    ws.on("close", (code, reason) => {
      bot.dispose();
      conns.delete(conn);
      const bad = [...malformed].map(([k, v]) => `${k}:${v}`).join(",");
      connEmit("info", "closed", { code, reason: reason.toString().slice(0, 100) || undefined, framesIn, framesOut, malformed: bad || undefined });
    });
  }

  function wsBase(req: IncomingMessage): string {
    // Behind a wildcard bind the request's Host is the address the client can reach.
    const wildcard = host === "0.0.0.0" || host === "::";
    const h = wildcard && typeof req.headers.host === "string" ? req.headers.host : hostPort(host, boundPort);
    return `ws://${h}/ws`;
  }

  let boundPort = port;
  await new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException): void => {
      reject(
        new DevServerError(
          "listen-failed",
          e.code === "EADDRINUSE"
            ? `port ${port} on ${host} is in use; stop the other server or pass another port (--port, or 0 for any free port)`
            : `cannot listen on ${host}:${port}: ${e.message}`,
          { cause: e },
        ),
      );
    };
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve();
    });
  });
  server.on("error", (e) => emit("error", "server-error", { message: e.message }));
  const address = server.address();
  boundPort = typeof address === "object" && address ? address.port : port;
  const base = hostPort(host, boundPort);
  emit("info", "listening", { url: `http://${base}`, outputSampleRate, faults: options.exposeFaults ? "exposed" : undefined });

  return {
    url: `http://${base}`,
    connectUrl: `http://${base}/connect`,
    wsUrl: `ws://${base}/ws?token=${encodeURIComponent(token)}`,
    host,
    port: boundPort,
    token,
    faults,
    connectionCount: () => conns.size,
    close: () => {
      closing ??= (async () => {
        for (const s of heldSockets) s.destroy();
        heldSockets.clear();
        const closed = [...conns].map((c) => new Promise<void>((r) => {
          c.ws.once("close", () => r());
          c.ws.close(1001, "server shutting down");
          setTimeout(() => c.ws.terminate(), 500).unref();
        }));
        await Promise.all(closed);
        wss.close();
        server.closeAllConnections();
        await new Promise<void>((r) => server.close(() => r()));
        emit("info", "stopped");
      })();
      return closing;
    },
  };
}

function hostPort(host: string, port: number): string {
  return `${host.includes(":") ? `[${host}]` : host}:${port}`;
}

function queryToken(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url, "http://x").searchParams.get("token");
  } catch {
    return null;
  }
}

function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  const body = `${text}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${statusText(status)}\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  setTimeout(() => socket.destroy(), 1000).unref();
}

function statusText(status: number): string {
  return { 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 503: "Service Unavailable" }[status] ?? "Error";
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8" }).end(text);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
}

/** The request body as text, or null when it exceeds the limit. */
async function readBody(req: IncomingMessage): Promise<string | null> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function checkInt(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new DevServerError("invalid-option", `'${name}' must be an integer ${min}..${max}, got ${String(value)}`);
  }
}
