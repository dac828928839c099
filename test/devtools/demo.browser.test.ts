/**
 * The demo page in headless Chromium against the real dev bot server: connect, see the panel
 * reach `ready` with real frames, cut the socket with the server's fault API, see the panel in
 * `reconnecting`, and back to `ready`. Screenshots of both states go to test-artifacts/devtools/.
 */
import { mkdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { panelState, startDemoHarness, type DemoHarness } from "./support/demoHarness.js";

const ARTIFACTS = "test-artifacts/devtools";

let h: DemoHarness;
beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  h = await startDemoHarness();
}, 60_000);
afterAll(async () => {
  await h?.close();
});

describe("demo page + devtools panel in Chromium", () => {
  it("shows ready, then reconnecting after the server drops the socket, then ready again", async () => {
    const { page, bot } = h;
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${h.demoUrl}&connect=1`);
    await page.waitForSelector("#status[data-state=ready]", { timeout: 20_000 });
    await page.waitForFunction(() => document.querySelector("[data-pipecat-devtools]")?.shadowRoot?.querySelector("[data-role=state]")?.textContent === "connected.ready");

    // Let real traffic flow: mic audio out, and the echo bot's turn (transcript + bot audio) in.
    await page.waitForFunction(
      () => {
        const root = document.querySelector("[data-pipecat-devtools]")?.shadowRoot;
        return !!root?.querySelector(".row.audio[data-dir=out]") && !!root?.querySelector(".row.audio[data-dir=in]");
      },
      undefined,
      { timeout: 20_000 },
    );
    await page.waitForSelector("#transcript li.bot", { timeout: 15_000 });
    const ready = await page.evaluate(() => {
      const root = document.querySelector("[data-pipecat-devtools]")!.shadowRoot!;
      return {
        current: root.querySelector(".state.current")?.getAttribute("data-state"),
        rows: [...root.querySelectorAll(".row")].map((r) => r.getAttribute("data-kind")),
        summaries: [...root.querySelectorAll(".row .sum")].map((s) => s.textContent ?? ""),
        stats: root.querySelector(".stats")?.textContent ?? "",
        html: root.innerHTML,
      };
    });
    expect(ready.current).toBe("connected.ready");
    expect(ready.rows).toContain("message");
    expect(ready.summaries.some((s) => s.startsWith("bot-ready"))).toBe(true);
    expect(ready.summaries.some((s) => /^mic \d+ frames · 16000 Hz/.test(s))).toBe(true);
    expect(ready.summaries.some((s) => /^bot \d+ frames · 24000 Hz/.test(s))).toBe(true);
    // The token is in the ws_url the endpoint returned; it must appear nowhere in the panel.
    expect(ready.html).not.toContain(bot.token);
    // The mic meter follows the fake mic's bursts (1.2 s of voice, 1.3 s of silence).
    const micLevels: number[] = [];
    for (let i = 0; i < 30; i++) {
      micLevels.push(await page.evaluate(() => Number(document.querySelector("[data-pipecat-devtools]")!.shadowRoot!.querySelector(".meter .fill")?.getAttribute("data-level") ?? -1)));
      await page.waitForTimeout(100);
    }
    expect(Math.max(...micLevels)).toBeGreaterThan(0.5);
    expect(Math.min(...micLevels)).toBeLessThan(0.2);
    // Screenshot mid-burst, so the meters show something.
    await page.waitForFunction(() => Number(document.querySelector("[data-pipecat-devtools]")!.shadowRoot!.querySelector(".meter .fill")?.getAttribute("data-level")) > 0.5, undefined, { timeout: 5000 });
    await page.screenshot({ path: `${ARTIFACTS}/panel-ready.png` });

    // Cut the network: the next handshakes are held 3 s, so `reconnecting` lasts long enough to see.
    bot.faults.delayHandshakes(1, 3000);
    expect(bot.faults.dropConnections()).toBe(1);
    await page.waitForFunction(() => {
      const text = document.querySelector("[data-pipecat-devtools]")?.shadowRoot?.querySelector("[data-role=state]")?.textContent ?? "";
      return text.startsWith("reconnecting.opening");
    }, undefined, { timeout: 10_000 });
    await page.waitForTimeout(300);
    const reconnecting = await page.evaluate(() => {
      const root = document.querySelector("[data-pipecat-devtools]")!.shadowRoot!;
      return {
        badge: root.querySelector("[data-role=state]")?.textContent,
        timeline: [...root.querySelectorAll(".tl")].map((el) => el.getAttribute("data-to")),
        taken: root.querySelector(".edge.taken")?.textContent,
        status: document.querySelector("#status")?.getAttribute("data-state"),
      };
    });
    expect(reconnecting.badge).toMatch(/^reconnecting\.opening · attempt 1\/2$/);
    expect(reconnecting.timeline.slice(0, 2)).toEqual(["reconnecting.opening", "reconnecting.backoff"]);
    expect(reconnecting.status).toBe("reconnecting");
    await page.screenshot({ path: `${ARTIFACTS}/panel-reconnecting.png` });

    // The held handshake completes; the machine goes back through handshaking to ready.
    await page
      .waitForFunction(() => document.querySelector("[data-pipecat-devtools]")?.shadowRoot?.querySelector("[data-role=state]")?.textContent === "connected.ready", undefined, { timeout: 15_000 })
      .catch(async (e) => {
        const timeline = await page.evaluate(() => [...document.querySelector("[data-pipecat-devtools]")!.shadowRoot!.querySelectorAll(".tl")].map((el) => el.textContent));
        throw new Error(`never back to ready; timeline (newest first): ${timeline.join(" | ")}`, { cause: e });
      });
    const stats = await page.evaluate(() => (window as unknown as { __demo: { transport: { getStats(): { reconnects: number } } } }).__demo.transport.getStats());
    expect(stats.reconnects).toBe(1);
    expect(await panelState(page)).toBe("connected.ready");
    expect(errors).toEqual([]);
  }, 90_000);
});
