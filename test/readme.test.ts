/**
 * The README is true: its options table quotes `DEFAULTS`, and its first two snippets — the
 * page one (in headless Chromium, fake mic) and the Node one — run unchanged against the dev bot
 * `npm start` runs (started here on a free port; the snippets' 7860 is rewritten to it); its
 * images load on the npm page (absolute URLs of files the package ships).
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { startDevServer, type DevServer } from "../src/server/index.js";
import { DEFAULTS } from "../src/transport/defaults.js";
import { launchChromium } from "./support/chromium.js";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "..");
const readme = readFileSync(join(root, "README.md"), "utf8");
// Inside the checkout (git-ignored), so the snippets resolve packages from its node_modules.
mkdirSync(join(root, "test-artifacts"), { recursive: true });
const work = mkdtempSync(join(root, "test-artifacts", "readme-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The first ```ts block after the heading `heading`. */
function snippet(heading: string): string {
  const at = readme.indexOf(`## ${heading}`);
  expect(at, `README heading "${heading}"`).toBeGreaterThanOrEqual(0);
  const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(at));
  expect(block, `a ts block under "${heading}"`).not.toBeNull();
  return block![1]!;
}

/** How the options table writes a default. */
function shown(value: unknown): string {
  if (typeof value === "number") return String(value);
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}: ${String(v)}`);
  return `{ ${entries.join(", ")} }`;
}

describe("README", () => {
  it("quotes every default of the options table from DEFAULTS", () => {
    const rows = new Map<string, string>();
    for (const m of readme.matchAll(/^\| `(\w+)`[^|]*\| `([^`]+)` \|/gm)) rows.set(m[1]!, m[2]!);
    for (const [name, value] of Object.entries(DEFAULTS)) {
      if (name === "maxMessageSize") continue; // not an option: a fixed limit, described under the table
      expect(rows.get(name), `README options row for '${name}'`).toBe(shown(value));
    }
  });

  it("shows images the npm page can load: absolute unpkg URLs of files the package ships", async () => {
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]!);
    expect(images.length).toBeGreaterThan(0);
    const { stdout } = await run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root });
    const packed = new Set((JSON.parse(stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path));
    const prefix = "https://unpkg.com/pipecat-ws-transport/";
    for (const url of images) {
      expect(url.startsWith(prefix), `${url} is an absolute unpkg URL`).toBe(true);
      expect(packed.has(url.slice(prefix.length)), `${url} is in the package`).toBe(true);
    }
  });

  describe("first snippets against the dev bot", () => {
    let bot: DevServer;
    afterAll(async () => {
      await bot?.close();
    });

    it("the Node snippet connects and records the bot", async () => {
      bot ??= await startDevServer({ port: 0, logger: false });
      const code = snippet("Use it in Node (server-to-server)")
        .replaceAll('"pipecat-ws-transport/node"', JSON.stringify(join(root, "src/node/index.ts")))
        .replaceAll("http://127.0.0.1:7860/connect", bot.connectUrl)
        .replace('path: "bot.wav"', `path: ${JSON.stringify(join(work, "bot.wav"))}`)
        .replace("pcm16Chunk", "new Int16Array(320).buffer");
      const file = join(work, "node-snippet.mts");
      writeFileSync(file, `${code}\nconsole.log("SNIPPET-DONE", transport.getStats().audioFramesOut);\n`);
      // Async: the dev bot runs in this process and must keep answering while the snippet runs.
      const { stdout } = await run(process.execPath, [join(root, "node_modules/tsx/dist/cli.mjs"), file], { encoding: "utf8", timeout: 30_000, cwd: root });
      expect(stdout).toMatch(/SNIPPET-DONE 1/);
    }, 40_000);

    it("the page snippet reaches bot-ready in Chromium with the fake mic", async () => {
      bot ??= await startDevServer({ port: 0, logger: false });
      const code = snippet("Use it in a page").replaceAll("http://127.0.0.1:7860/connect", bot.connectUrl);
      const entry = join(work, "page-snippet.ts");
      writeFileSync(
        entry,
        code
          .replace('from "pipecat-ws-transport"', `from ${JSON.stringify(join(root, "src/index.ts"))}`)
          .replace('console.log("bot ready")', '(window as unknown as { botReady: boolean }).botReady = true') +
          "\n(window as unknown as { done: boolean }).done = true;\n",
      );
      const js = (await build({ entryPoints: [entry], bundle: true, write: false, format: "esm", platform: "browser", target: "es2022", logLevel: "silent", nodePaths: [join(root, "node_modules")] })).outputFiles[0]!.text;
      const http = createServer((req, res) => {
        if (req.url === "/snippet.js") return void res.writeHead(200, { "Content-Type": "text/javascript" }).end(js);
        res.writeHead(200, { "Content-Type": "text/html" }).end('<!doctype html><script type="module" src="/snippet.js"></script>');
      });
      await new Promise<void>((r) => http.listen(0, "127.0.0.1", () => r()));
      const { browser, close } = await launchChromium();
      try {
        const page = await browser.newPage();
        const errors: string[] = [];
        page.on("pageerror", (e) => errors.push(String(e)));
        await page.goto(`http://127.0.0.1:${(http.address() as { port: number }).port}/`);
        await page.waitForFunction(() => (window as unknown as { done?: boolean }).done === true, null, { timeout: 20_000 });
        expect(errors).toEqual([]);
        expect(await page.evaluate(() => (window as unknown as { botReady?: boolean }).botReady)).toBe(true);
      } finally {
        await close();
        await new Promise((r) => http.close(r));
      }
    }, 40_000);
  });
});
