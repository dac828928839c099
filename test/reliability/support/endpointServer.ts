/**
 * A misbehaving bot-start endpoint (`POST → { ws_url }`) on 127.0.0.1 for the fault matrix:
 * it can answer correctly, answer 500, answer invalid JSON, answer without `ws_url`, or hang.
 * Responses close the connection so a pooled keep-alive socket (fetch's, not ours) is not
 * mistaken for a leak; open sockets are counted so a hung request left open would be.
 */
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type EndpointBehaviour = { kind: "ok"; wsUrl: string } | { kind: "500" } | { kind: "invalid-json" } | { kind: "no-ws-url" } | { kind: "hang" };

export class EndpointServer {
  readonly tcp = new Set<Socket>();
  requests = 0;
  private readonly hung = new Set<ServerResponse>();
  private readonly server = createServer((req, res) => {
    this.requests++;
    req.resume();
    const b = this.behaviour;
    const send = (status: number, body: string) => res.writeHead(status, { "Content-Type": "application/json", Connection: "close" }).end(body);
    switch (b.kind) {
      case "ok":
        return send(200, JSON.stringify({ ws_url: b.wsUrl }));
      case "500":
        return send(500, JSON.stringify({ error: "boom" }));
      case "invalid-json":
        return send(200, "{ws_url: nope");
      case "no-ws-url":
        return send(200, JSON.stringify({ url: "ws://127.0.0.1:1/ws" }));
      case "hang":
        this.hung.add(res);
        res.once("close", () => this.hung.delete(res));
        return;
    }
  });

  private constructor(public behaviour: EndpointBehaviour) {
    this.server.on("connection", (s: Socket) => {
      this.tcp.add(s);
      s.once("close", () => this.tcp.delete(s));
    });
  }

  static async start(behaviour: EndpointBehaviour): Promise<EndpointServer> {
    const s = new EndpointServer(behaviour);
    await new Promise<void>((resolve) => s.server.listen(0, "127.0.0.1", () => resolve()));
    return s;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }
  get url(): string {
    return `http://127.0.0.1:${this.port}/connect`;
  }

  async close(): Promise<void> {
    for (const s of this.tcp) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
