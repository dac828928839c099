/**
 * The dev server's plain HTTP side: `POST /connect` hands out the WebSocket URL (as Pipecat bot
 * runners do), CORS for allowed browser origins, `POST /__faults` when exposed, a short text on
 * `GET /`, 404 otherwise. Error answers are JSON `{ "detail": … }` (FastAPI's shape, which
 * client-js reads into its StartBotError), so a wrong path reads "not found", not a JSON error.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { isOriginAllowed, tokenMatches } from "./access.js";
import { applyFaultRequest, type DevServerFaults } from "./faults.js";
import { pathOnly, type Emit } from "./log.js";
import type { ResolvedDevServerOptions } from "./options.js";
import { queryToken } from "./upgradeGate.js";

/** Largest request body read, in bytes. */
const MAX_BODY = 64 * 1024;

/** What the routes need from their server. */
export interface HttpRoutesContext {
  options: ResolvedDevServerOptions;
  faults: DevServerFaults;
  emit: Emit;
  /** `ws://host:port/ws` as the requesting client can reach it. */
  wsBase(req: IncomingMessage): string;
}

/** Returns the request handler; errors it throws become a 500. */
export function createHttpRoutes(ctx: HttpRoutesContext): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { options, emit } = ctx;
  return async (req, res) => {
    const path = pathOnly(req.url);
    const origin = req.headers.origin;
    const originOk = isOriginAllowed(origin, options.allowedOrigins);
    if (originOk && origin) {
      res.setHeader("Access-Control-Allow-Origin", origin);
      res.setHeader("Vary", "Origin");
    }
    if (req.method === "OPTIONS" && (path === "/connect" || path === "/__faults")) {
      if (!originOk) return sendError(res, 403, "origin not allowed");
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
        return sendError(res, 403, "origin not allowed; start the server with --allow-origin <origin>");
      }
      const body = await readBody(req);
      if (body === null) return sendError(res, 413, "request body too large");
      const wsUrl = `${ctx.wsBase(req)}?token=${encodeURIComponent(options.token)}`;
      emit("info", "connect-request", { origin });
      return sendJson(res, 200, { ws_url: wsUrl });
    }
    if (path === "/__faults" && req.method === "POST" && options.exposeFaults) {
      if (!originOk) return sendError(res, 403, "origin not allowed");
      const auth = req.headers.authorization;
      const given = typeof auth === "string" && auth.startsWith("Bearer ") ? auth.slice(7) : queryToken(req.url);
      if (!tokenMatches(given, options.token)) return sendError(res, 401, "missing or wrong token");
      const body = await readBody(req);
      if (body === null) return sendError(res, 413, "request body too large");
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        return sendJson(res, 400, { error: "body is not JSON" });
      }
      const result = applyFaultRequest(ctx.faults, parsed);
      return sendJson(res, "error" in result ? 400 : 200, result);
    }
    if (path === "/" && req.method === "GET") {
      return sendText(res, 200, "pipecat-ws dev bot server\nPOST /connect -> { ws_url }\nWebSocket /ws?token=...\n");
    }
    return sendError(res, 404, `not found: ${req.method ?? "?"} ${path.slice(0, 100)}; the endpoint is POST /connect, the WebSocket is /ws`);
  };
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8" }).end(text);
}

/** An error answer: `{ "detail": text }`, as FastAPI (Pipecat's runner) answers. */
export function sendError(res: ServerResponse, status: number, detail: string): void {
  sendJson(res, status, { detail });
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
