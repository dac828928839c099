/**
 * `npm start`: the dev bot server on 127.0.0.1:7860 and the demo page (Vite) on 127.0.0.1:5173,
 * in one process; Ctrl-C stops both. If port 7860 is taken (a bot already running), the page
 * uses that one.
 */
import { fileURLToPath } from "node:url";
import { createServer } from "vite";
import { startDevServer, type DevServer } from "../../src/server/index.js";

async function main(): Promise<void> {
  let bot: DevServer | null = null;
  try {
    bot = await startDevServer({ host: "127.0.0.1", port: 7860 });
  } catch (e) {
    console.warn(`dev bot server not started (${(e as Error).message}); using whatever listens on 7860`);
  }
  const vite = await createServer({ configFile: fileURLToPath(new URL("../vite.config.ts", import.meta.url)) });
  await vite.listen();
  vite.printUrls();
  console.log(bot ? `bot: POST ${bot.connectUrl} → { ws_url }` : "bot: (external)");
  const stop = async () => {
    await Promise.allSettled([vite.close(), bot?.close()]);
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
