/**
 * Node side of the devtools browser tests: the real dev bot server (port 0), Vite serving the
 * demo page from source (port 0), and headless Chromium with a fake mic playing a WAV of
 * speech-like bursts (so the bot's VAD hears turns and answers). `close()` ends all three.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { createServer, type ViteDevServer } from "vite";
import { encodeWav } from "../../../src/pcm/wav.js";
import { startDevServer, type DevServer } from "../../../src/server/index.js";
import { launchChromium } from "../../support/chromium.js";

/** 1.2 s of a harmonic "voice" (150 Hz + overtones, −12 dBFS) then 1.3 s of silence, 4 times. */
export function speechLikeWav(sampleRate = 48000): Uint8Array {
  const burst = 1.2;
  const period = 2.5;
  const samples = new Int16Array(Math.round(sampleRate * period * 4));
  for (let i = 0; i < samples.length; i++) {
    const t = i / sampleRate;
    if (t % period > burst) continue;
    const v = 0.5 * Math.sin(2 * Math.PI * 150 * t) + 0.3 * Math.sin(2 * Math.PI * 300 * t) + 0.2 * Math.sin(2 * Math.PI * 450 * t);
    samples[i] = Math.round(v * 0.25 * 32767);
  }
  return encodeWav(samples, sampleRate, 1);
}

export interface DemoHarness {
  bot: DevServer;
  vite: ViteDevServer;
  browser: Browser;
  page: Page;
  /** URL of the demo page, with the bot's endpoint in its query. */
  demoUrl: string;
  close(): Promise<void>;
}

export async function startDemoHarness(): Promise<DemoHarness> {
  const dir = mkdtempSync(join(tmpdir(), "pwt-devtools-"));
  const wavPath = join(dir, "mic.wav");
  writeFileSync(wavPath, speechLikeWav());
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(dir, { recursive: true, force: true })];
  const close = async () => {
    for (const fn of cleanups.reverse()) await Promise.resolve(fn()).catch(() => {});
  };
  try {
    const bot = await startDevServer({ host: "127.0.0.1", port: 0, logger: false });
    cleanups.push(() => bot.close());
    const vite = await createServer({
      configFile: fileURLToPath(new URL("../../../devtools/vite.config.ts", import.meta.url)),
      server: { port: 0, strictPort: false, host: "127.0.0.1" },
      logLevel: "error",
      clearScreen: false,
    });
    cleanups.push(() => vite.close());
    await vite.listen();
    const address = vite.httpServer?.address();
    if (!address || typeof address === "string") throw new Error("vite did not report a port");
    const chromium = await launchChromium({ fakeMicWav: wavPath });
    cleanups.push(() => chromium.close());
    const page = await chromium.browser.newPage({ viewport: { width: 1360, height: 860 } });
    const demoUrl = `http://127.0.0.1:${address.port}/?endpoint=${encodeURIComponent(bot.connectUrl)}`;
    return { bot, vite, browser: chromium.browser, page, demoUrl, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** The state the panel shows (its header badge when open, else the pill's), inside its shadow root. */
export function panelState(page: Page): Promise<string> {
  return page.evaluate(() => {
    const root = document.querySelector("[data-pipecat-devtools]")?.shadowRoot;
    return root?.querySelector("[data-role=state]")?.textContent ?? root?.querySelector(".pill")?.getAttribute("data-state") ?? "";
  });
}
