/**
 * A real HTTP + WebSocket server on 127.0.0.1 whose every decision a test scripts: whether the
 * next handshake is accepted, refused or left hanging; when `bot-ready` answers `client-ready`;
 * abrupt kills and clean closes; what the endpoint answers. Decisions can be queued before or
 * after the request arrives, so tests never race the client.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { ProtobufFrameSerializer } from "../../src/serializers/ProtobufFrameSerializer.js";
import type { InboundFrame } from "../../src/serializers/WebSocketSerializer.js";

export type HandshakeDecision = "accept" | "refuse" | "hang";
export type EndpointDecision = "ok" | "500" | "invalid-json" | "no-url" | "hang";

interface Pending<T> {
  resolve(value: T): void;
}

/** A FIFO matching decisions to requests in order, whichever comes first. */
class DecisionQueue<T> {
  private readonly decisions: T[] = [];
  private readonly waiters: Pending<T>[] = [];
  constructor(private auto: T | null = null) {}
  /** Queues a decision for the oldest undecided request (or the next one to arrive). */
  decide(decision: T): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(decision);
    else this.decisions.push(decision);
  }
  /** Every request from now on gets `decision` without waiting (null: wait for `decide`). */
  setAuto(decision: T | null): void {
    this.auto = decision;
    if (decision !== null) while (this.waiters.length) this.waiters.shift()!.resolve(decision);
  }
  next(): Promise<T> {
    const queued = this.decisions.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.auto !== null) return Promise.resolve(this.auto);
    return new Promise((resolve) => this.waiters.push({ resolve }));
  }
  get waiting(): number {
    return this.waiters.length;
  }
  clear(): void {
    this.decisions.length = 0;
  }
}

export interface ScriptedServerOptions {
  /** Decide every handshake this way without waiting (default: wait for `decideHandshake`). */
  autoHandshake?: HandshakeDecision | null;
  /** Answer every client-ready at once (default true). */
  autoBotReady?: boolean;
  /** Echo mic audio back as bot audio at this rate (default: no echo). */
  echoAudioAt?: number;
  /** Answer the endpoint this way without waiting (default "ok"). */
  autoEndpoint?: EndpointDecision | null;
}

export class ScriptedServer {
  readonly serializer = new ProtobufFrameSerializer();
  readonly sockets = new Set<WebSocket>();
  readonly received: InboundFrame[] = [];
  /** Every raw upgrade/HTTP socket, so `close()` can destroy hanging ones. */
  private readonly rawSockets = new Set<Duplex>();
  private readonly handshakes: DecisionQueue<HandshakeDecision>;
  private readonly endpoints: DecisionQueue<EndpointDecision>;
  private readonly botReadyReleases: DecisionQueue<true>;
  private readonly http: Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  handshakeCount = 0;
  endpointCount = 0;
  port = 0;

  private constructor(private readonly options: ScriptedServerOptions) {
    this.handshakes = new DecisionQueue(options.autoHandshake ?? null);
    this.endpoints = new DecisionQueue(options.autoEndpoint === undefined ? "ok" : options.autoEndpoint);
    this.botReadyReleases = new DecisionQueue(options.autoBotReady === false ? null : true);
    this.http = createServer((req, res) => void this.onRequest(req, res));
    this.http.on("connection", (s) => {
      this.rawSockets.add(s);
      s.on("close", () => this.rawSockets.delete(s));
    });
    this.http.on("upgrade", (req, socket, head) => void this.onUpgrade(req, socket, head));
  }

  static async start(options: ScriptedServerOptions = {}): Promise<ScriptedServer> {
    const server = new ScriptedServer(options);
    await new Promise<void>((resolve) => server.http.listen(0, "127.0.0.1", resolve));
    server.port = (server.http.address() as { port: number }).port;
    return server;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/ws`;
  }
  get endpointUrl(): string {
    return `http://127.0.0.1:${this.port}/connect`;
  }

  decideHandshake(decision: HandshakeDecision): void {
    this.handshakes.decide(decision);
  }
  setAutoHandshake(decision: HandshakeDecision | null): void {
    this.handshakes.setAuto(decision);
  }
  decideEndpoint(decision: EndpointDecision): void {
    this.endpoints.decide(decision);
  }
  /** Lets the server answer the oldest unanswered (or next) client-ready with bot-ready. */
  releaseBotReady(): void {
    this.botReadyReleases.decide(true);
  }
  setAutoBotReady(on: boolean): void {
    this.botReadyReleases.setAuto(on ? true : null);
  }

  /** Abrupt loss: TCP reset, the client sees 1006. */
  killAll(): void {
    for (const ws of this.sockets) ws.terminate();
  }
  /** Clean close with `code` (1000 = the bot left). */
  closeAll(code = 1000, reason = "bot left"): void {
    for (const ws of this.sockets) ws.close(code, reason);
  }
  /** Sends raw bytes to every client. */
  sendRaw(data: Uint8Array | string): void {
    for (const ws of this.sockets) ws.send(data);
  }
  sendRtvi(type: string, data: unknown = {}): void {
    this.sendRaw(this.serializer.serializeMessage({ label: "rtvi-ai", type, id: String(Math.random()), data } as never));
  }

  /** Resolves when `predicate` holds for the received frames (polling, bounded). */
  async waitForReceived(predicate: (frames: InboundFrame[]) => boolean, timeoutMs = 3000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!predicate(this.received)) {
      if (Date.now() > until) throw new Error("ScriptedServer: timed out waiting for frames");
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async close(): Promise<void> {
    this.handshakes.setAuto("refuse");
    this.endpoints.setAuto("500");
    this.botReadyReleases.setAuto(true);
    for (const ws of this.sockets) ws.terminate();
    for (const s of this.rawSockets) s.destroy();
    this.wss.close();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private async onRequest(req: IncomingMessage, res: import("node:http").ServerResponse): Promise<void> {
    if (req.method !== "POST" || !req.url?.startsWith("/connect")) {
      res.writeHead(404).end();
      return;
    }
    this.endpointCount++;
    req.resume();
    const decision = await this.endpoints.next();
    if (res.destroyed) return;
    switch (decision) {
      case "ok":
        res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ ws_url: this.wsUrl }));
        return;
      case "500":
        res.writeHead(500).end("boom");
        return;
      case "invalid-json":
        res.writeHead(200, { "Content-Type": "application/json" }).end("{not json");
        return;
      case "no-url":
        res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ url: "nope" }));
        return;
      case "hang":
        return; // never answered; destroyed by close()
    }
  }

  private async onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    this.handshakeCount++;
    this.rawSockets.add(socket);
    socket.on("close", () => this.rawSockets.delete(socket));
    socket.on("error", () => {});
    const decision = await this.handshakes.next();
    if (socket.destroyed) return;
    if (decision === "refuse") {
      socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    if (decision === "hang") return;
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws));
  }

  private onConnection(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on("close", () => this.sockets.delete(ws));
    ws.on("error", () => {});
    ws.on("message", (data: Buffer) => {
      const frame = this.serializer.decode(new Uint8Array(data));
      this.received.push(frame);
      if (frame.type === "message" && frame.message.type === "client-ready") {
        void this.botReadyReleases.next().then(() => {
          if (ws.readyState === ws.OPEN) {
            ws.send(this.serializer.serializeMessage({ label: "rtvi-ai", type: "bot-ready", id: "r", data: { version: "1.0.0" } } as never));
          } else {
            this.botReadyReleases.decide(true); // that client is gone: the release is for the next one
          }
        });
      } else if (frame.type === "audio" && this.options.echoAudioAt) {
        ws.send(this.serializer.serializeAudio(frame.audio, this.options.echoAudioAt, 1));
      }
    });
  }
}
