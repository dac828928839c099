/**
 * The demo page in headless Chromium against the real dev bot server: connect, open the panel
 * (the pill, then the keyboard shortcut), see `ready` with real frames, cut the socket with the
 * server's fault API, see `reconnecting` with the attempt on the diagram, and back to `ready`.
 * Then the dock (resize, side), export of a redacted session, replaying that file by dropping
 * it on the panel, and the Stately inspector. Screenshots go to test-artifacts/devtools/.
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { panelState } from "./support/demoHarness.js";
import { ARTIFACTS, demoHarnessForSuite } from "./support/demoSuite.js";

const harness = demoHarnessForSuite();

const inPanel = <T,>(page: Page, fn: (root: ShadowRoot) => T) =>
  page.evaluate(`(${fn.toString()})(document.querySelector("[data-pipecat-devtools]").shadowRoot)`) as Promise<T>;

describe("demo page + devtools panel in Chromium", () => {
  it("shows ready, then reconnecting after the server drops the socket, then ready again", async () => {
    const { page, bot } = harness();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${harness().demoUrl}&connect=1`);
    await page.evaluate(() => localStorage.clear());
    await page.goto(`${harness().demoUrl}&connect=1`);
    await page.waitForSelector("#status[data-state=ready]", { timeout: 20_000 });
    await page.waitForSelector(".pill[data-state='connected.ready']");
    await page.locator(".pill").click();
    await page.waitForSelector(".panel svg.diagram");
    expect(await panelState(page)).toBe("connected.ready");
    await page.locator("[data-tab=frames]").click();

    // Real traffic: mic audio out, and the echo bot's turn (transcript + bot audio) in.
    await page.waitForFunction(
      () => {
        const root = document.querySelector("[data-pipecat-devtools]")?.shadowRoot;
        return !!root?.querySelector(".row.audio[data-dir=out]") && !!root?.querySelector(".row.audio[data-dir=in]");
      },
      undefined,
      { timeout: 20_000 },
    );
    await page.waitForSelector("#transcript li.bot", { timeout: 15_000 });
    // A narrow dock folds the counters into one line; unfold them.
    const folded = await inPanel(page, (root) => root.querySelector(".stats-line")?.textContent ?? null);
    if (folded !== null) {
      expect(folded).toMatch(/^↓ \d+\.\d frames\/s · ↑ \d+\.\d frames\/s · buffer \d+ ms/);
      await page.locator(".stats-line").click();
    }
    const ready = await inPanel(page, (root) => ({
      rows: [...root.querySelectorAll(".row")].map((r) => r.getAttribute("data-kind")),
      summaries: [...root.querySelectorAll(".row .sum")].map((s) => s.textContent ?? ""),
      stats: root.querySelector(".stats")?.textContent ?? "",
      html: root.innerHTML,
    }));
    expect(ready.rows).toContain("message");
    expect(ready.summaries.some((s) => s.startsWith("bot-ready"))).toBe(true);
    expect(ready.summaries.some((s) => /^mic \d+ frames · 16000 Hz/.test(s))).toBe(true);
    expect(ready.summaries.some((s) => /^bot \d+ frames · 24000 Hz/.test(s))).toBe(true);
    expect(ready.stats).toMatch(/\d+\.\d frames\/s/);
    expect(ready.stats).toMatch(/ (k?B|MB)\/s/);
    // The transport gives the bytes on the wire: bot-ready's row shows them as hex (its JSON in the ASCII column).
    await page.locator(".row[data-kind=message]", { hasText: "bot-ready" }).first().click();
    expect(await page.locator("[data-role=hex]").first().textContent()).toMatch(/^0000 {2}([0-9a-f]{2} ){8} ([0-9a-f]{2} ){8} \|.*\n[\s\S]*rtvi-ai/);
    await page.locator(".row[data-kind=message]", { hasText: "bot-ready" }).first().click();
    // The token is in the ws_url the endpoint returned; it must appear nowhere in the panel.
    expect(ready.html).not.toContain(bot.token);
    // The mic meter follows the fake mic's bursts (1.2 s of voice, 1.3 s of silence).
    const micLevels: number[] = [];
    for (let i = 0; i < 30; i++) {
      micLevels.push(await inPanel(page, (root) => Number(root.querySelector(".meter .fill")?.getAttribute("data-level") ?? -1)));
      await page.waitForTimeout(100);
    }
    expect(Math.max(...micLevels)).toBeGreaterThan(0.5);
    expect(Math.min(...micLevels)).toBeLessThan(0.2);
    await page.locator("[data-tab=chart]").click();
    await page.screenshot({ path: `${ARTIFACTS}/panel-ready.png` });

    // Cut the network: the next handshakes are held 3 s, so `reconnecting` lasts long enough to see.
    bot.faults.delayHandshakes(2, 3000);
    expect(bot.faults.dropConnections()).toBe(1);
    await page.waitForFunction(
      () => /^attempt 1\/\d$/.test(document.querySelector("[data-pipecat-devtools]")?.shadowRoot?.querySelector("[data-role=attempt]")?.textContent ?? ""),
      undefined,
      { timeout: 10_000 },
    );
    const reconnecting = await inPanel(page, (root) => ({
      state: root.querySelector("[data-role=state]")?.textContent,
      badge: root.querySelector("[data-role=attempt-badge]")?.textContent,
      current: root.querySelector("svg.diagram .node.current")?.getAttribute("data-state"),
      taken: root.querySelector("svg.diagram g.edge.taken")?.getAttribute("data-transition"),
    }));
    expect(reconnecting.state).toMatch(/^reconnecting\./);
    expect(reconnecting.current).toBe(reconnecting.state);
    expect(reconnecting.badge).toMatch(/^attempt 1\/\d$/);
    expect(reconnecting.taken).toMatch(/^reconnecting\.[a-z]+\|/);
    expect(await page.locator("#status").getAttribute("data-state")).toBe("reconnecting");
    await page.screenshot({ path: `${ARTIFACTS}/panel-reconnecting.png` });

    await page
      .waitForFunction(() => document.querySelector("[data-pipecat-devtools]")?.shadowRoot?.querySelector("[data-role=state]")?.textContent === "connected.ready", undefined, { timeout: 20_000 })
      .catch(async (e) => {
        await page.locator("[data-tab=timeline]").click();
        const timeline = await inPanel(page, (root) => [...root.querySelectorAll(".tl")].map((el) => el.textContent));
        throw new Error(`never back to ready; timeline: ${timeline.join(" | ")}`, { cause: e });
      });
    await page.locator("[data-tab=timeline]").click();
    const timeline = await inPanel(page, (root) => [...root.querySelectorAll(".tl")].map((el) => el.getAttribute("data-to")));
    expect(timeline[timeline.length - 1]).toBe("connected.ready"); // oldest first: the newest at the bottom
    expect(timeline).toContain("reconnecting.backoff");
    const stats = await page.evaluate(() => (window as unknown as { __demo: { transport: { getStats(): { reconnects: number } } } }).__demo.transport.getStats());
    expect(stats.reconnects).toBe(1);
    expect(errors).toEqual([]);
  }, 90_000);

  it("resizes and re-docks, exports a redacted session, replays it when dropped, opens the Stately inspector", async () => {
    const { page, bot } = harness();
    const dock = page.locator(".dock");
    const before = (await dock.boundingBox())!;
    const side = await dock.getAttribute("data-side");
    const handle = (await page.locator(".dock .resize").boundingBox())!;
    const grab = { x: handle.x + handle.width / 2, y: handle.y + handle.height / 2 };
    await page.mouse.move(grab.x, grab.y);
    await page.mouse.down();
    if (side === "right") await page.mouse.move(grab.x - 100, grab.y, { steps: 4 });
    else await page.mouse.move(grab.x, grab.y - 100, { steps: 4 });
    await page.mouse.up();
    const resized = (await dock.boundingBox())!;
    if (side === "right") expect(Math.round(resized.width - before.width)).toBe(100);
    else expect(Math.round(resized.height - before.height)).toBe(100);
    await page.locator("[data-action=dock]").click();
    expect(await dock.getAttribute("data-side")).toBe(side === "right" ? "bottom" : "right");

    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("[data-action=export]").click()]);
    const text = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString("utf8"));
    const doc = JSON.parse(text);
    expect(doc.format).toBe("pipecat-ws-transport/devtools-session@2");
    expect(doc.url).toMatch(/token=\*\*\*$/);
    expect(doc.timeline.map((e: { to: string }) => e.to)).toContain("reconnecting.backoff");
    expect(doc.log.some((r: { kind: string; summary?: string }) => r.kind === "message" && r.summary === "bot-ready")).toBe(true);
    expect(text).not.toContain(bot.token);

    // Drop the file on the panel: it opens in replay, scrubbed to its end.
    const transfer = await page.evaluateHandle((json) => {
      const dt = new DataTransfer();
      dt.items.add(new File([json], "bug-report.json", { type: "application/json" }));
      return dt;
    }, text);
    await page.locator(".dock").dispatchEvent("dragover", { dataTransfer: transfer });
    await page.locator(".dock").dispatchEvent("drop", { dataTransfer: transfer });
    await page.waitForSelector("[data-role=replay]");
    expect(await page.locator(".panel").getAttribute("data-mode")).toBe("replay");
    await page.locator("[data-role=scrubber]").fill("0");
    expect(await panelState(page)).toBe("idle");
    await page.screenshot({ path: `${ARTIFACTS}/panel-replay.png` });
    await page.locator("[data-action=exit-replay]").click();
    expect(await page.locator(".panel").getAttribute("data-mode")).toBe("live");

    // Lazy-loads @statelyai/inspect and opens its window; the inspector site is stubbed (no network here).
    await page.context().route(/stately\.ai/, (route) => route.fulfill({ contentType: "text/html", body: "<title>inspector stub</title>" }));
    expect(await page.locator("[data-action=stately]").getAttribute("title")).toMatch(/online service \(stately\.ai\)/);
    const [popup] = await Promise.all([page.waitForEvent("popup", { timeout: 15_000 }), page.locator("[data-action=stately]").click()]);
    await popup.waitForLoadState();
    expect(popup.url()).toContain("stately.ai");
    await popup.close();

    // Closed again with the keyboard shortcut: back to the pill.
    await page.keyboard.press("Alt+Shift+KeyD");
    await page.waitForSelector(".pill:not([hidden])");
  }, 60_000);
});
