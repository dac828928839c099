/**
 * `npm start`: the demo page (Vite, http://127.0.0.1:5173) and the dev bot (127.0.0.1:7860), with
 * a bot you can restart without losing the page: the bot runs from source as a child process,
 * and pressing `r` in this terminal (or `POST /__bot/restart` on the page's server) restarts it —
 * with your edits to src/server — while the page stays; a connected page reconnects by itself.
 * If something already listens on 7860 (your own `pipecat-ws serve`), the page uses that one.
 * No build is needed (the bot and the page both run from source).
 */
import { spawn, type ChildProcess } from "node:child_process";
import type { IncomingMessage, ServerResponse } from "node:http";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";

const BOT_HOST = "127.0.0.1";
const BOT_PORT = 7860;
const self = fileURLToPath(import.meta.url);

// The child: the dev bot, run from source (src/cli), as `pipecat-ws serve` would run it.
if (process.argv[2] === "--bot-child") {
  const { main } = await import("../../src/cli/index.js");
  process.exit(await main(["serve", "--host", BOT_HOST, "--port", String(BOT_PORT), ...process.argv.slice(3)]));
}

/** The dev bot as a child process that can be restarted. */
class BotProcess {
  private child: ChildProcess | null = null;
  private stopping = false;
  restarts = 0;

  get running(): boolean {
    return this.child !== null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the bot; resolves once it listens (its banner is out). */
  start(): Promise<void> {
    const child = spawn(process.execPath, ["--import", "tsx", self, "--bot-child"], { stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    this.stopping = false;
    const prefix = (stream: NodeJS.WritableStream) => {
      let rest = "";
      return (d: Buffer): void => {
        const lines = (rest + d.toString()).split("\n");
        rest = lines.pop() ?? "";
        for (const l of lines) stream.write(`[bot] ${l}\n`);
      };
    };
    child.stderr!.on("data", prefix(process.stderr));
    const toStdout = prefix(process.stdout);
    child.on("exit", (code, signal) => {
      if (this.child === child) this.child = null;
      if (!this.stopping) console.log(`[bot] exited (${signal ?? `code ${code}`}); press r to start it again`);
    });
    return new Promise((resolve, reject) => {
      let banner = "";
      const timer = setTimeout(() => reject(new Error("the dev bot did not start within 20 s")), 20_000);
      child.stdout!.on("data", (d: Buffer) => {
        toStdout(d);
        banner += d.toString();
        if (banner.includes("Press Ctrl+C")) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once("exit", () => {
        clearTimeout(timer);
        reject(new Error("the dev bot exited while starting (see its output above)"));
      });
    });
  }

  /** Stops the bot (Ctrl+C, then a kill after 3 s). */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.stopping = true;
    const exited = new Promise<void>((r) => child.once("exit", () => r()));
    child.kill("SIGINT");
    const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
    await exited;
    clearTimeout(timer);
  }

  async restart(): Promise<void> {
    await this.stop();
    this.restarts++;
    await this.start();
  }
}

/** True when something accepts TCP connections on host:port. */
function listening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, host);
    s.once("connect", () => (s.destroy(), resolve(true)));
    s.once("error", () => resolve(false));
  });
}

async function main(): Promise<void> {
  const external = await listening(BOT_HOST, BOT_PORT);
  const bot = new BotProcess();
  let restarting: Promise<void> | null = null;
  const restart = (): Promise<void> => {
    restarting ??= bot.restart().finally(() => (restarting = null));
    return restarting;
  };
  if (external) console.log(`dev bot: something already listens on ${BOT_HOST}:${BOT_PORT}; the page uses it (restart that one yourself)`);
  else await bot.start();

  // The page's server also answers GET /__bot (status) and POST /__bot/restart.
  const botRoute = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const path = req.url?.split("?")[0];
    if (path !== "/__bot" && path !== "/__bot/restart") return next();
    const origin = req.headers.origin;
    if (origin !== undefined && !/^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(origin)) {
      res.writeHead(403).end();
      return;
    }
    const status = () => ({ external, running: bot.running, pid: bot.pid, restarts: bot.restarts, connectUrl: `http://${BOT_HOST}:${BOT_PORT}/connect` });
    const send = (code: number, body: unknown): void => void res.writeHead(code, { "Content-Type": "application/json" }).end(JSON.stringify(body));
    if (path === "/__bot" && req.method === "GET") return send(200, status());
    if (path === "/__bot/restart" && req.method === "POST") {
      if (external) return send(409, { ...status(), error: "the bot on port 7860 was not started by npm start; restart it yourself" });
      restart().then(
        () => send(200, status()),
        (e: unknown) => send(500, { ...status(), error: (e as Error).message }),
      );
      return;
    }
    send(405, { error: "GET /__bot or POST /__bot/restart" });
  };

  const { createServer } = await import("vite");
  const vite = await createServer({
    configFile: fileURLToPath(new URL("../vite.config.ts", import.meta.url)),
    plugins: [{ name: "pipecat-ws-dev-bot", configureServer: (server) => void server.middlewares.use(botRoute) }],
  });
  await vite.listen();
  vite.printUrls();
  console.log(
    external
      ? `  ➜  Bot:     http://${BOT_HOST}:${BOT_PORT}/connect (not ours)`
      : `  ➜  Bot:     POST http://${BOT_HOST}:${BOT_PORT}/connect → { ws_url }; press r to restart it, q to quit`,
  );

  let quitting = false;
  const quit = async (): Promise<void> => {
    if (quitting) return;
    quitting = true;
    await Promise.allSettled([vite.close(), bot.stop()]);
    process.exit(0);
  };
  process.once("SIGINT", () => void quit());
  process.once("SIGTERM", () => void quit());
  if (process.stdin.isTTY) {
    process.stdin.setRawMode(true);
    process.stdin.on("data", (d: Buffer) => {
      for (const key of d.toString()) {
        if (key === "\u0003" || key === "q") void quit();
        else if (key === "r" && !external) {
          console.log("[bot] restarting…");
          restart().catch((e: unknown) => console.error(`[bot] ${(e as Error).message}`));
        }
      }
    });
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
