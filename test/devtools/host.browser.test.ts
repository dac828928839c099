/**
 * The panel in someone else's app (test/devtools/pages/hostPage.ts: a full-viewport app with a
 * composer bar whose Send button is in the bottom-right corner), in headless Chromium: the pill
 * finds a spot that covers none of the app's controls, every control takes real clicks, and
 * neither the pill nor the open dock takes a pointer event outside its own rectangle. Dragging
 * the pill puts it where the user wants, and that is remembered across a reload.
 */
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { launchChromium } from "../support/chromium.js";

const ORIGIN = "http://127.0.0.1:9"; // served by request interception: nothing listens there
let chromium: Awaited<ReturnType<typeof launchChromium>> | undefined;
let page: Page;

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL("./pages/hostPage.ts", import.meta.url))],
    bundle: true, write: false, format: "esm", platform: "browser", target: "es2022",
    jsx: "automatic", jsxImportSource: "preact", logLevel: "silent",
  });
  const html = `<!doctype html><html><head><meta charset="utf-8"></head><body><script type="module" src="/app.js"></script></body></html>`;
  chromium = await launchChromium();
  page = await chromium.browser.newPage({ viewport: { width: 1000, height: 700 } });
  await page.route(`${ORIGIN}/**`, (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === "/app.js") return route.fulfill({ contentType: "text/javascript", body: bundle.outputFiles[0]!.text });
    return route.fulfill({ contentType: "text/html", body: html });
  });
  await page.goto(`${ORIGIN}/`);
  await page.waitForSelector(".pill");
}, 60_000);

afterAll(async () => {
  await chromium?.close();
});

type Rect = { x: number; y: number; width: number; height: number };
const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const clicks = () => page.evaluate(() => (window as unknown as { __clicks: { id: string; x: number; y: number }[] }).__clicks.splice(0));

/** Presses at each point and returns which reached the app. */
async function pressAt(points: { x: number; y: number }[]): Promise<boolean[]> {
  const reached: boolean[] = [];
  for (const p of points) {
    await clicks();
    await page.mouse.move(p.x, p.y);
    await page.mouse.down();
    await page.mouse.up();
    reached.push((await clicks()).some((c) => Math.abs(c.x - p.x) < 1 && Math.abs(c.y - p.y) < 1));
  }
  return reached;
}

/** Points 2 px outside each side and corner of `r`, inside the viewport. */
function around(r: Rect, viewport: { width: number; height: number }) {
  const xs = [r.x - 2, r.x + r.width / 2, r.x + r.width + 2];
  const ys = [r.y - 2, r.y + r.height / 2, r.y + r.height + 2];
  return xs.flatMap((x) => ys.map((y) => ({ x, y })))
    .filter((p) => !(p.x === xs[1] && p.y === ys[1]))
    .filter((p) => p.x >= 0 && p.y >= 0 && p.x < viewport.width && p.y < viewport.height);
}

describe("devtools in a full-viewport app", () => {
  it("the pill covers none of the app's controls, and takes no event outside itself", async () => {
    const host = await page.locator("[data-pipecat-devtools]").evaluate((el) => el.getBoundingClientRect().toJSON() as Rect);
    expect(host.width * host.height).toBe(0); // the host element itself takes no room
    const pill = (await page.locator(".pill").boundingBox())!;
    for (const id of ["connect", "settings", "mic", "composer", "send"]) {
      const box = (await page.locator(`#${id}`).boundingBox())!;
      expect(overlaps(box, pill), `pill over #${id}`).toBe(false);
      await clicks();
      await page.locator(`#${id}`).click({ timeout: 2000 });
      expect((await clicks()).map((c) => c.id)).toContain(id);
    }
    expect(await pressAt(around(pill, { width: 1000, height: 700 }))).not.toContain(false);
    // Its own rectangle is its own: a press there opens the panel and does not reach the app.
    expect(await pressAt([{ x: pill.x + pill.width / 2, y: pill.y + pill.height / 2 }])).toEqual([false]);
    await page.waitForSelector(".panel svg.diagram");
  });

  it("the open dock takes no event outside its rectangle either", async () => {
    const dock = (await page.locator(".dock").boundingBox())!;
    expect(await pressAt(around(dock, { width: 1000, height: 700 }))).not.toContain(false);
    expect(await pressAt([{ x: dock.x + 40, y: dock.y + 2 }])).toEqual([false]);
    await page.locator("[data-action=close]").click();
    await page.waitForSelector(".pill:not([hidden])");
  });

  it("goes where the user drags it, and stays there after a reload", async () => {
    const pill = (await page.locator(".pill").boundingBox())!;
    // Towards the middle of the viewport, wherever the pill found its spot.
    const dx = pill.x < 500 ? 300 : -300;
    const dy = pill.y < 350 ? 200 : -200;
    await page.mouse.move(pill.x + 10, pill.y + 10);
    await page.mouse.down();
    await page.mouse.move(pill.x + 10 + dx, pill.y + 10 + dy, { steps: 5 });
    await page.mouse.up();
    const moved = (await page.locator(".pill").boundingBox())!;
    expect(Math.round(moved.x - pill.x)).toBe(dx);
    expect(Math.round(moved.y - pill.y)).toBe(dy);
    expect(await page.locator(".dock").isHidden()).toBe(true); // a drag is not a click
    await page.reload();
    await page.waitForSelector(".pill");
    const after = (await page.locator(".pill").boundingBox())!;
    expect(Math.round(after.x)).toBe(Math.round(moved.x));
    expect(Math.round(after.y)).toBe(Math.round(moved.y));
  });
});
