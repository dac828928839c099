/**
 * A small, scriptable Pipecat-style bot on 127.0.0.1 for the reliability suite. It speaks the
 * real wire protocol (protobuf frames over `ws`), answers `client-ready` with `bot-ready`, can
 * echo audio, and can misbehave on purpose: refuse or stall the upgrade, never answer, die
 * abruptly. It counts raw TCP connections so tests can assert that nothing is left open.
 *
 * Kept separate from the dev server (src/server) on purpose: the fault matrix needs behaviours
 * a dev server should not have.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { ProtobufFrameSerializer } from "../../../src/serializers/ProtobufFrameSerializer.js";
import type { InboundFrame } from "../../../src/serializers/WebSocketSerializer.js";

/** What the server does with one incoming connection. */
export type ConnectionBehaviour =
  /** Accept, answer client-ready with bot-ready. */
  | "ready"
  /** Accept, never answer client-ready (the client stays handshaking). */
  | "silent"
  /** Destroy the TCP socket as soon as the upgrade request arrives (client is still connecting). */
  | "destroy-upgrade"
  /** Hold the upgrade request unanswered (the client stays connecting until its timeout). */
  | "stall-upgrade";

export interface BotServerOptions {
  /** Behaviour of the n-th connection (0-based). Default: always "ready". */
  behaviour?: (index: number) => ConnectionBehaviour;
  /** Send every inbound audio frame straight back (re-encoded at its own rate). Default false. */
  echoAudio?: boolean;
  /** Called for every decoded inbound frame. */
  onFrame?: (frame: InboundFrame, ws: WebSocket) => void;
}

export const serverSerializer = new ProtobufFrameSerializer();

/** The bot-ready message, with a protocol version client-js does not warn about. */
export const BOT_READY = { label: "rtvi-ai", type: "bot-ready", id: "bot-ready-1", data: { version: "2.0.0" } };

export class BotServer {
  /** Open WebSocket connections (server side). */
  readonly clients = new Set<WebSocket>();
  /** Open TCP sockets, including ones that never upgraded. */
  readonly tcp = new Set<Socket>();
  /** Connections accepted so far (indexes passed to `behaviour`). */
  connectionCount = 0;
  private readonly http: Server;
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 * 1024 });
  private readonly stalled = new Set<Duplex>();
  private listening = false;

  private constructor(private readonly options: BotServerOptions) {
    this.http = createServer((_req, res) => res.writeHead(426).end());
    this.http.on("connection", (socket: Socket) => {
      this.tcp.add(socket);
      socket.once("close", () => this.tcp.delete(socket));
    });
    this.http.on("upgrade", (req, socket, head) => this.onUpgrade(req, socket, head));
  }

  /** Starts a server on 127.0.0.1 with a free port (or `port`, to come back on the same one). */
  static async start(options: BotServerOptions = {}, port = 0): Promise<BotServer> {
    const server = new BotServer(options);
    await server.listen(port);
    return server;
  }

  private port_ = 0;
  get port(): number {
    return this.port_;
  }
  get url(): string {
    return `ws://127.0.0.1:${this.port_}/ws`;
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

  /** Kills every connection abruptly (no close frame: the client sees 1006). */
  kill(): void {
    for (const ws of this.clients) ws.terminate();
    for (const s of this.stalled) s.destroy();
    this.stalled.clear();
  }

  /** Stops listening (new connections are refused) and kills every connection. */
  async refuse(): Promise<void> {
    this.kill();
    if (!this.listening) return;
    this.listening = false;
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  /** Sends `data` to every open client. */
  broadcast(data: Uint8Array | string): void {
    for (const ws of this.clients) ws.send(data);
  }

  /** Closes everything. Idempotent. */
  async close(): Promise<void> {
    await this.refuse();
    for (const s of this.tcp) s.destroy();
    this.wss.close();
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const index = this.connectionCount++;
    const behaviour = this.options.behaviour?.(index) ?? "ready";
    if (behaviour === "destroy-upgrade") {
      socket.destroy();
      return;
    }
    if (behaviour === "stall-upgrade") {
      this.stalled.add(socket);
      socket.once("close", () => this.stalled.delete(socket));
      // Keep reading so the client's FIN is noticed (a paused socket would never see it).
      socket.on("end", () => socket.destroy());
      socket.on("error", () => {});
      socket.resume();
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, behaviour));
  }

  private onConnection(ws: WebSocket, behaviour: ConnectionBehaviour): void {
    this.clients.add(ws);
    ws.on("close", () => this.clients.delete(ws));
    ws.on("error", () => {}); // an abrupt client death is part of the tests, not a failure
    ws.on("message", (data, isBinary) => {
      const frame = isBinary ? serverSerializer.decode(data as Buffer) : serverSerializer.decode(String(data));
      this.options.onFrame?.(frame, ws);
      if (frame.type === "message" && frame.message?.type === "client-ready" && behaviour === "ready") {
        ws.send(serverSerializer.serializeMessage(BOT_READY as never));
      } else if (frame.type === "audio" && this.options.echoAudio) {
        ws.send(serverSerializer.serializeAudio(frame.audio, frame.sampleRate, frame.numChannels));
      }
    });
  }
}
