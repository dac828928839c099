/**
 * The one scriptable fake bot of the tests and benchmarks: a real HTTP + WebSocket server on
 * 127.0.0.1 that speaks Pipecat's protocol (protobuf frames, RTVI bot-ready) or Twilio's (JSON
 * media/clear, no handshake), and whose every decision a test can script:
 *
 * - handshakes: accepted, refused (HTTP 403) or left hanging, decided per request (a queue, so a
 *   decision may come before or after the request) or by a per-connection behaviour function;
 * - tokens: none, one static token, or one-time tokens handed out by `POST /start` and accepted
 *   once each (Pipecat's runner with `--ws-auth token`);
 * - endpoints: `POST /connect` answers `{ ws_url }`, `POST /start` answers the runner's
 *   `{ wsUrl, sessionId, token }`; each may be told to fail (500, bad JSON, no URL, hang);
 * - bot-ready: at once, released by the test, or never; echo of mic audio; abrupt kills, clean
 *   closes, raw frames; no pongs (a server that went silent with TCP open).
 *
 * It records what it received and counts TCP sockets, handshakes and endpoint calls, so tests
 * can assert that nothing is left open.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { ProtobufFrameSerializer } from "../../src/serializers/ProtobufFrameSerializer.js";
import { TwilioSerializer } from "../../src/serializers/TwilioSerializer.js";
import type { InboundFrame } from "../../src/serializers/WebSocketSerializer.js";

export type HandshakeDecision = "accept" | "refuse" | "hang";
export type EndpointDecision = "ok" | "500" | "invalid-json" | "no-url" | "hang";

/** What the server does with the n-th upgrade request when no handshake decision is queued. */
export type ConnectionBehaviour =
  /** Accept; answer client-ready with bot-ready (as `autoBotReady` says). */
  | "ready"
  /** Accept; never answer client-ready (the client stays handshaking). */
  | "silent"
  /** Destroy the TCP socket as soon as the upgrade request arrives. */
  | "destroy-upgrade"
  /** Hold the upgrade request unanswered. */
  | "stall-upgrade"
  /** Answer the upgrade with HTTP 403. */
  | "refuse";

export interface FakeBotOptions {
  /** Wire protocol. Default "pipecat". */
  protocol?: "pipecat" | "twilio";
  /** Decide every handshake this way without waiting; null: wait for `decideHandshake`. Default "accept". */
  autoHandshake?: HandshakeDecision | null;
  /** Behaviour of the n-th upgrade (0-based); overrides `autoHandshake` when given. */
  behaviour?: (index: number) => ConnectionBehaviour;
  /** Answer client-ready at once (default true); false: each waits for `releaseBotReady`. */
  autoBotReady?: boolean;
  /** The bot-ready `data`. Default `{ version: "2.1.0" }` (Pipecat's RTVI version). */
  botReadyData?: unknown;
  /** Answer endpoints this way without waiting; null: wait for `decideEndpoint`. Default "ok". */
  autoEndpoint?: EndpointDecision | null;
  /** Token checking. Default "none". */
  tokens?: "none" | "static" | "one-time";
  /** The static token (tokens: "static"). Default a random one. */
  token?: string;
  /** Echo mic audio back as bot audio: at this rate (Hz), or `true` for the frame's own rate. */
  echoAudio?: number | boolean;
  /** Answer pings (default true); false: a server that went silent with TCP open. */
  autoPong?: boolean;
  /** Largest inbound message (bytes). Default 4 MiB. */
  maxPayload?: number;
  /** Called for every decoded inbound frame. */
  onFrame?: (frame: InboundFrame, ws: WebSocket) => void;
  /** Keep every received frame in `received` (default true; false for long runs that measure memory). */
  record?: boolean;
}

/** A FIFO matching decisions to requests in order, whichever comes first. */
class DecisionQueue<T> {
  private readonly decisions: T[] = [];
  private readonly waiters: Array<(value: T) => void> = [];
  constructor(private auto: T | null) {}
  decide(decision: T): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter(decision);
    else this.decisions.push(decision);
  }
  setAuto(decision: T | null): void {
    this.auto = decision;
    if (decision !== null) while (this.waiters.length) this.waiters.shift()!(decision);
  }
  next(): Promise<T> {
    const queued = this.decisions.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.auto !== null) return Promise.resolve(this.auto);
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}

/** A protobuf serializer for building server frames in tests (FakeBot instances have their own). */
export const serverSerializer = new ProtobufFrameSerializer();

export class FakeBot {
  readonly serializer = new ProtobufFrameSerializer();
  readonly twilio = new TwilioSerializer();
  /** Open WebSocket connections (server side). */
  readonly sockets = new Set<WebSocket>();
  /** Open TCP sockets, including ones that never upgraded. */
  readonly tcp = new Set<Socket>();
  /** Every frame received, decoded. */
  readonly received: InboundFrame[] = [];
  /** Tokens presented on accepted handshakes, in order. */
  readonly acceptedTokens: string[] = [];
  handshakeCount = 0;
  endpointCount = 0;
  /** The static token (tokens: "static"). */
  readonly token: string;
  private readonly protocol: "pipecat" | "twilio";
  private readonly handshakes: DecisionQueue<HandshakeDecision>;
  private readonly endpoints: DecisionQueue<EndpointDecision>;
  private readonly botReadyReleases: DecisionQueue<true>;
  private readonly issued = new Set<string>();
  private readonly used = new Set<string>();
  private readonly held = new Set<Duplex>();
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private port_ = 0;
  private listening = false;

  private constructor(private readonly options: FakeBotOptions) {
    this.protocol = options.protocol ?? "pipecat";
    this.token = options.token ?? randomBytes(12).toString("base64url");
    this.handshakes = new DecisionQueue(options.autoHandshake === undefined ? "accept" : options.autoHandshake);
    this.endpoints = new DecisionQueue(options.autoEndpoint === undefined ? "ok" : options.autoEndpoint);
    this.botReadyReleases = new DecisionQueue(options.autoBotReady === false ? null : true);
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload ?? 4 * 1024 * 1024, autoPong: options.autoPong ?? true });
    this.http = createServer((req, res) => void this.onRequest(req, res));
    this.http.on("connection", (socket: Socket) => {
      this.tcp.add(socket);
      socket.once("close", () => this.tcp.delete(socket));
    });
    this.http.on("upgrade", (req, socket, head) => void this.onUpgrade(req, socket, head));
  }

  /** Starts a bot on 127.0.0.1 with a free port (or `port`, to come back on the same one). */
  static async start(options: FakeBotOptions = {}, port = 0): Promise<FakeBot> {
    const bot = new FakeBot(options);
    await bot.listen(port);
    return bot;
  }

  get port(): number {
    return this.port_;
  }
  /** `ws://127.0.0.1:PORT/ws` (with `?token=` when tokens are static). */
  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port_}/ws${this.options.tokens === "static" ? `?token=${this.token}` : ""}`;
  }
  /** `ws://127.0.0.1:PORT/ws`, never with a token. */
  get url(): string {
    return `ws://127.0.0.1:${this.port_}/ws`;
  }
  /** `POST` here for `{ ws_url }` (our dev server's route). */
  get endpointUrl(): string {
    return `http://127.0.0.1:${this.port_}/connect`;
  }
  /** `POST` here for `{ wsUrl, sessionId, token }` (Pipecat's runner and Pipecat Cloud). */
  get startUrl(): string {
    return `http://127.0.0.1:${this.port_}/start`;
  }
  /** Upgrade requests so far (indexes passed to `behaviour`). */
  get connectionCount(): number {
    return this.handshakeCount;
  }

  async listen(port = this.port_): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.http.once("error", reject);
      this.http.listen(port, "127.0.0.1", () => {
        this.http.off("error", reject);
        resolve();
      });
    });
    this.port_ = (this.http.address() as AddressInfo).port;
    this.listening = true;
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

  /** Abrupt loss: no close frame, the client sees 1006. Held upgrades are dropped too. */
  killAll(): void {
    for (const ws of this.sockets) ws.terminate();
    for (const s of this.held) s.destroy();
    this.held.clear();
  }
  /** Clean close with `code` (1000 = the bot left). */
  closeAll(code = 1000, reason = "bot left"): void {
    for (const ws of this.sockets) ws.close(code, reason);
  }
  /** Sends raw bytes or text to every client. */
  sendRaw(data: Uint8Array | string): void {
    for (const ws of this.sockets) ws.send(data);
  }
  /** Sends an RTVI message (Pipecat protocol). */
  sendRtvi(type: string, data: unknown = {}): void {
    this.sendRaw(this.serializer.serializeMessage({ label: "rtvi-ai", type, id: String(Math.random()), data } as never));
  }

  /** Resolves when `predicate` holds for the received frames (polling, bounded). */
  async waitForReceived(predicate: (frames: InboundFrame[]) => boolean, timeoutMs = 3000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!predicate(this.received)) {
      if (Date.now() > until) throw new Error("FakeBot: timed out waiting for frames");
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Stops listening (new connections are refused) and kills every connection. */
  async refuse(): Promise<void> {
    this.killAll();
    if (!this.listening) return;
    this.listening = false;
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  /** Closes everything. Idempotent. */
  async close(): Promise<void> {
    this.handshakes.setAuto("refuse");
    this.endpoints.setAuto("500");
    this.botReadyReleases.setAuto(true);
    await this.refuse();
    for (const s of this.tcp) s.destroy();
    this.wss.close();
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const route = req.url?.split("?")[0];
    if (req.method !== "POST" || (route !== "/connect" && route !== "/start")) {
      res.writeHead(req.method === "POST" ? 404 : 426).end();
      return;
    }
    this.endpointCount++;
    req.resume();
    const decision = await this.endpoints.next();
    if (res.destroyed) return;
    // Connection: close, so a finished request leaves no keep-alive socket behind (leak checks count them).
    const headers = { "Content-Type": "application/json", Connection: "close" };
    const json = (status: number, body: unknown) => res.writeHead(status, headers).end(JSON.stringify(body));
    switch (decision) {
      case "ok": {
        const token = this.options.tokens === "one-time" ? this.issueToken() : this.options.tokens === "static" ? this.token : null;
        if (route === "/start") return void json(200, { wsUrl: this.url, sessionId: randomBytes(8).toString("hex"), token });
        return void json(200, token ? { ws_url: this.url, token } : { ws_url: this.url });
      }
      case "500":
        return void json(500, { detail: "boom" });
      case "invalid-json":
        return void res.writeHead(200, headers).end("{not json");
      case "no-url":
        return void json(200, { url: "nope" });
      case "hang":
        return; // never answered; destroyed by close()
    }
  }

  private issueToken(): string {
    const token = randomBytes(12).toString("base64url");
    this.issued.add(token);
    return token;
  }

  /** True when the request's token passes the configured check (one-time tokens are used up). */
  private takeToken(req: IncomingMessage): { ok: boolean; token: string } {
    const token = new URL(req.url ?? "/", "http://x").searchParams.get("token") ?? "";
    switch (this.options.tokens ?? "none") {
      case "none":
        return { ok: true, token };
      case "static":
        return { ok: token === this.token, token };
      case "one-time": {
        const ok = this.issued.has(token) && !this.used.has(token);
        if (ok) this.used.add(token);
        return { ok, token };
      }
    }
  }

  private async onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const index = this.handshakeCount++;
    socket.on("error", () => {});
    const behaviour = this.options.behaviour?.(index);
    const decision: ConnectionBehaviour | HandshakeDecision = behaviour ?? (await this.handshakes.next());
    if (socket.destroyed) return;
    if (decision === "destroy-upgrade") return void socket.destroy();
    if (decision === "hang" || decision === "stall-upgrade") {
      this.held.add(socket);
      socket.once("close", () => this.held.delete(socket));
      // Keep reading so the client's FIN is noticed (a paused socket would never see it).
      socket.on("end", () => socket.destroy());
      socket.resume();
      return;
    }
    const { ok, token } = this.takeToken(req);
    if (decision === "refuse" || !ok) {
      socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    this.acceptedTokens.push(token);
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, decision));
  }

  private onConnection(ws: WebSocket, behaviour: "accept" | "ready" | "silent"): void {
    this.sockets.add(ws);
    ws.on("close", () => this.sockets.delete(ws));
    ws.on("error", () => {}); // an abrupt client death is part of the tests, not a failure
    ws.on("message", (data: Buffer, isBinary: boolean) => {
      const frame = this.protocol === "twilio" ? this.twilio.decode(String(data)) : this.serializer.decode(isBinary ? new Uint8Array(data) : String(data));
      if (this.options.record !== false) this.received.push(frame);
      this.options.onFrame?.(frame, ws);
      if (frame.type === "message" && frame.message?.type === "client-ready" && behaviour !== "silent") this.answerClientReady(ws);
      else if (frame.type === "audio" && this.options.echoAudio) this.echo(ws, frame);
    });
  }

  private answerClientReady(ws: WebSocket): void {
    void this.botReadyReleases.next().then(() => {
      if (ws.readyState !== ws.OPEN) return this.botReadyReleases.decide(true); // that client is gone: the release is for the next one
      const data = this.options.botReadyData === undefined ? { version: "2.1.0" } : this.options.botReadyData;
      ws.send(this.serializer.serializeMessage({ label: "rtvi-ai", type: "bot-ready", id: "bot-ready-1", data } as never));
    });
  }

  private echo(ws: WebSocket, frame: Extract<InboundFrame, { type: "audio" }>): void {
    if (this.protocol === "twilio") return void ws.send(this.twilio.serializeAudio(frame.audio, frame.sampleRate, 1));
    const rate = typeof this.options.echoAudio === "number" ? this.options.echoAudio : frame.sampleRate;
    ws.send(this.serializer.serializeAudio(frame.audio, rate, frame.numChannels));
  }
}
