/**
 * Screenshots of the demo page with the devtools panel, for people to look at (not a test):
 * at 360×640, 800×600 and 1440×900, the pill in its default state, then the open panel in each
 * state — idle, connecting, ready (statechart, frames with a row expanded, context), reconnecting,
 * and disconnected with an error — driven against the real dev bot with its fault API.
 *
 *   npx tsx test/devtools/support/screenshots.ts [outDir]     # default test-artifacts/devtools/shots
 */
import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { startDemoHarness } from "./demoHarness.js";

const out = process.argv[2] ?? "test-artifacts/devtools/shots";
const SIZES = [
  { width: 360, height: 640 },
  { width: 800, height: 600 },
  { width: 1440, height: 900 },
];

const stateIs = (page: Page, test: (state: string) => boolean, what: string, timeout = 20_000) =>
  page
    .waitForFunction(
      (src) => {
        const root = document.querySelector("[data-pipecat-devtools]")?.shadowRoot;
        const state = root?.querySelector("[data-role=state]")?.textContent ?? "";
        return new Function("s", `return (${src})(s)`)(state) as boolean;
      },
      test.toString(),
      { timeout },
    )
    .catch((e) => {
      throw new Error(`waiting for ${what}`, { cause: e });
    });

async function main(): Promise<void> {
  mkdirSync(out, { recursive: true });
  const h = await startDemoHarness();
  const { page, bot } = h;
  const shot = async (name: string) => {
    await page.waitForTimeout(400); // colour transitions settle
    await page.screenshot({ path: `${out}/${name}.png` });
    console.log(`${out}/${name}.png`);
  };
  try {
    for (const size of SIZES) {
      const tag = `${size.width}x${size.height}`;
      await page.setViewportSize(size);
      await page.goto(h.demoUrl);
      await page.evaluate(() => localStorage.clear());
      await page.reload();
      await page.waitForSelector(".pill");
      await shot(`${tag}-0-pill`);
      await page.locator(".pill").click();
      await page.waitForSelector(".panel svg.diagram");
      await shot(`${tag}-1-idle`);

      bot.faults.delayHandshakes(1, 4000);
      await page.locator("#connect").click();
      await stateIs(page, (s) => s === "connecting", "connecting");
      await shot(`${tag}-2-connecting`);

      await stateIs(page, (s) => s === "connected.ready", "ready");
      await page.waitForSelector("#transcript li.bot", { timeout: 15_000 });
      await shot(`${tag}-3-ready`);
      await page.locator("[data-tab=frames]").click().catch(() => {}); // wide panels show frames beside the chart
      const message = page.locator(".row[data-kind=message]").last();
      await message.click();
      await shot(`${tag}-4-ready-frames`);
      await page.locator("[data-tab=context]").click();
      await shot(`${tag}-5-ready-context`);
      await page.locator("[data-tab=chart]").click();

      bot.faults.delayHandshakes(2, 4000);
      bot.faults.dropConnections();
      await stateIs(page, (s) => s.startsWith("reconnecting."), "reconnecting");
      await page.waitForTimeout(200);
      await shot(`${tag}-6-reconnecting`);
      await stateIs(page, (s) => s === "connected.ready", "ready again", 30_000);

      bot.faults.refuseHandshakes(10, 503);
      bot.faults.dropConnections();
      await stateIs(page, (s) => s === "disconnected", "disconnected", 30_000);
      await shot(`${tag}-7-disconnected-error`);
      bot.faults.reset();
      await page.locator("[data-action=close]").click();
    }
  } finally {
    await h.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
