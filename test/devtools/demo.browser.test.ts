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
    await page.waitForFunction(() => {
      const fill = document.querySelector("[data-pipecat-devtools]")!.shadowRoot!.querySelector(".meter .fill");
      return Number(fill?.getAttribute("data-level")) > 0.5 && fill!.getBoundingClientRect().width > 25; // drawn, not just computed
    }, undefined, { timeout: 5000 });
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

  it("resizes, drags, collapses, exports a redacted session and opens the Stately inspector", async () => {
    const { page, bot } = h;
    const panel = page.locator(".panel"); // Playwright's CSS engine pierces open shadow roots
    const before = (await panel.boundingBox())!;
    const grip = (await page.locator(".grip").boundingBox())!;
    await page.mouse.move(grip.x + 5, grip.y + 5);
    await page.mouse.down();
    await page.mouse.move(grip.x - 95, grip.y - 45, { steps: 4 });
    await page.mouse.up();
    const resized = (await panel.boundingBox())!;
    expect(Math.round(resized.width - before.width)).toBe(100);
    expect(Math.round(resized.height - before.height)).toBe(50);
    expect(Math.round(resized.x + resized.width)).toBe(Math.round(before.x + before.width)); // still anchored bottom-right

    const title = (await page.locator(".panel .title").boundingBox())!;
    await page.mouse.move(title.x + 5, title.y + 5);
    await page.mouse.down();
    await page.mouse.move(title.x - 195, title.y - 95, { steps: 4 });
    await page.mouse.up();
    const dragged = (await panel.boundingBox())!;
    expect(Math.round(dragged.x - resized.x)).toBe(-200);
    expect(Math.round(dragged.y - resized.y)).toBe(-100);

    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("[data-action=export]").click()]);
    const text = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString("utf8"));
    const doc = JSON.parse(text);
    expect(doc.format).toBe("pipecat-ws-transport/devtools-session@1");
    expect(doc.url).toMatch(/token=\*\*\*$/);
    expect(doc.timeline.map((e: { to: string }) => e.to)).toContain("reconnecting.backoff");
    expect(doc.log.some((r: { kind: string; summary?: string }) => r.kind === "message" && r.summary === "bot-ready")).toBe(true);
    expect(text).not.toContain(bot.token);

    await page.locator("[data-action=collapse]").click();
    await page.waitForFunction(() => !document.querySelector("[data-pipecat-devtools]")!.shadowRoot!.querySelector(".body"));
    await page.screenshot({ path: `${ARTIFACTS}/panel-collapsed.png` });
    await page.locator("[data-action=collapse]").click();

    // Lazy-loads @statelyai/inspect and opens its window; the inspector site is stubbed (no network here).
    await page.context().route(/stately\.ai/, (route) => route.fulfill({ contentType: "text/html", body: "<title>inspector stub</title>" }));
    const [popup] = await Promise.all([page.waitForEvent("popup", { timeout: 15_000 }), page.locator("[data-action=stately]").click()]);
    await popup.waitForLoadState();
    expect(popup.url()).toContain("stately.ai");
    await popup.close();
  }, 60_000);
});
