/**
 * Bounded memory, measured: a 10-minute session at 100 frames/s (replayed in virtual time) with
 * the panel open must grow the JS heap by less than 5 MB. Heap read through CDP after forced
 * garbage collections; the figures are printed for the report.
 */
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CDPSession, Page } from "playwright-core";
import { launchChromium } from "../support/chromium.js";

let chromium: Awaited<ReturnType<typeof launchChromium>> | undefined;
let page: Page;
let cdp: CDPSession;

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL("./pages/heapPage.ts", import.meta.url))],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    jsx: "automatic",
    jsxImportSource: "preact",
    logLevel: "silent",
  });
  chromium = await launchChromium();
  page = await chromium.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.setContent(`<!doctype html><html><body><script type="module">${bundle.outputFiles[0]!.text.replace(/<\/script/g, "<\\/script")}</script></body></html>`);
  await page.waitForFunction(() => typeof (window as unknown as { __run?: unknown }).__run === "function");
  cdp = await page.context().newCDPSession(page);
}, 60_000);

afterAll(async () => {
  await chromium?.close();
});

async function usedHeap(): Promise<number> {
  for (let i = 0; i < 3; i++) await cdp.send("HeapProfiler.collectGarbage");
  const { usedSize } = await cdp.send("Runtime.getHeapUsage");
  return usedSize;
}

const run = (seconds: number) => page.evaluate((s) => (window as unknown as { __run(s: number): Promise<{ rows: number; evicted: number; renderedRows: number }> }).__run(s), seconds);

describe("devtools memory", () => {
  it("grows the heap by less than 5 MB over a 10-minute session at 100 frames/s", async () => {
    await run(1); // first render done: the baseline is the open panel with an empty session
    const before = await usedHeap();
    const checkpoints: string[] = [];
    let last = { rows: 0, evicted: 0, renderedRows: 0 };
    for (let minute = 1; minute <= 10; minute++) {
      last = await run(minute === 1 ? 59 : 60);
      if (minute % 2 === 0) checkpoints.push(`${minute} min: +${((await usedHeap()) - before) / 1e6} MB`);
    }
    const after = await usedHeap();
    const growthMb = (after - before) / 1e6;
    console.log(
      `[devtools heap] 600 virtual s, 60,000 audio frames + ${120 * 6} RTVI messages + 10 reconnects: ` +
        `before ${(before / 1e6).toFixed(2)} MB, after ${(after / 1e6).toFixed(2)} MB, growth ${growthMb.toFixed(2)} MB; ` +
        `buffer ${last.rows} rows (${last.evicted} evicted), ${last.renderedRows} rendered; ${checkpoints.join("; ")}`,
    );
    // The ring buffer really wrapped (so the measure covers steady state, not a half-empty buffer).
    expect(last.evicted).toBeGreaterThan(0);
    expect(last.rows).toBe(1000);
    expect(growthMb).toBeLessThan(5);
  }, 180_000);
});
