/**
 * The check issue 13 asks for, on the demo page `npm start` serves (same page, same Vite
 * config, the real dev bot), in headless Chromium at 800×600 and 1440×900:
 * - with the panel in its default state, every button, input and select of the page is
 *   clickable (nothing of the panel is on top of it);
 * - once the panel is opened, the statechart is an SVG with an arrow for every transition of
 *   the machine's definition, and every state's name is visible and unclipped (inside its box,
 *   inside the visible part of the pane, inside the viewport, and on top where it is drawn).
 */
import { describe, expect, it } from "vitest";
import { connectionMachine } from "../../machines/connectionMachine.js";
import { describeMachine } from "../../machines/describeMachine.js";
import { ARTIFACTS, demoHarnessForSuite } from "./support/demoSuite.js";

const harness = demoHarnessForSuite();

type Box = { left: number; top: number; right: number; bottom: number };

for (const viewport of [{ width: 800, height: 600 }, { width: 1440, height: 900 }]) {
  describe(`demo page at ${viewport.width}×${viewport.height}`, () => {
    it("every control of the page is clickable with the panel in its default state", async () => {
      const { page } = harness();
      await page.setViewportSize(viewport);
      await page.goto(harness().demoUrl);
      await page.evaluate(() => localStorage.clear()); // a first visit: nothing remembered
      await page.reload();
      await page.waitForSelector(".pill");
      const controls = page.locator("main button, main input, main select, main textarea");
      const count = await controls.count();
      expect(count).toBeGreaterThanOrEqual(7);
      const blocked: string[] = [];
      for (let i = 0; i < count; i++) {
        const control = controls.nth(i);
        await control.scrollIntoViewIfNeeded();
        const hit = await control.evaluate((el) => {
          const r = el.getBoundingClientRect();
          const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          return { ok: !!top && (top === el || el.contains(top)), what: top ? top.tagName + (top.id ? `#${top.id}` : "") : "nothing", name: el.id || el.tagName };
        });
        if (!hit.ok) blocked.push(`${hit.name} under ${hit.what}`);
        if (await control.isEnabled()) await control.click({ trial: true, timeout: 2000 }); // Playwright's own actionability check
      }
      expect(blocked).toEqual([]);
    });

    it("opened, the statechart is an SVG with an arrow per transition and every state's name visible and unclipped", async () => {
      const { page } = harness();
      await page.locator(".pill").click();
      await page.waitForSelector(".panel svg.diagram");
      await page.waitForTimeout(300); // sized and fitted
      await page.screenshot({ path: `${ARTIFACTS}/open-${viewport.width}x${viewport.height}.png` });
      const description = describeMachine(connectionMachine);
      const result = await page.evaluate(() => {
        const root = document.querySelector("[data-pipecat-devtools]")!.shadowRoot!;
        const svg = root.querySelector("svg.diagram") as SVGSVGElement | null;
        const box = (el: Element): Box => {
          const r = el.getBoundingClientRect();
          return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
        };
        const pane = svg?.parentElement ? box(svg.parentElement) : null;
        const arrows = [...root.querySelectorAll("svg.diagram g.edge[data-transition]")]
          .filter((g) => {
            const head = g.querySelector("path.head");
            const line = g.querySelector("path.line");
            return head && line && head.getBoundingClientRect().width > 0 && line.getBoundingClientRect().width + line.getBoundingClientRect().height > 0;
          })
          .map((g) => g.getAttribute("data-transition"));
        const names = [...root.querySelectorAll("svg.diagram g.node[data-state]")].map((g) => {
          const text = g.querySelector("text.name")!;
          const t = box(text);
          const hit = root.elementFromPoint((t.left + t.right) / 2, (t.top + t.bottom) / 2);
          const owner = hit?.closest("[data-state]");
          return {
            state: g.getAttribute("data-state")!,
            text: text.textContent,
            key: g.getAttribute("data-state")!.split(".").pop(),
            t,
            rect: box(g.querySelector("rect")!),
            visible: getComputedStyle(text).visibility === "visible" && Number(getComputedStyle(text).opacity) > 0 && t.right - t.left > 4,
            onTop: !!hit && (owner === g || !!hit.closest(".edges, .labels, .rows, .initial, .pseudo, .attempt-badge, .flow")),
          };
        });
        return { isSvg: svg instanceof SVGSVGElement, pane, arrows, names, viewport: { width: innerWidth, height: innerHeight } };
      });
      expect(result.isSvg).toBe(true);
      expect([...new Set(result.arrows)].sort()).toEqual(description.transitions.map((t) => t.id).sort());
      expect(result.names.map((n) => n.state).sort()).toEqual(description.states.filter((s) => s.path).map((s) => s.path).sort());
      const within = (a: Box, b: Box) => a.left >= b.left - 0.5 && a.top >= b.top - 0.5 && a.right <= b.right + 0.5 && a.bottom <= b.bottom + 0.5;
      const screen = { left: 0, top: 0, right: result.viewport.width, bottom: result.viewport.height };
      const problems = result.names.flatMap((n) => [
        ...(n.text === n.key ? [] : [`${n.state}: text "${n.text}"`]),
        ...(n.visible ? [] : [`${n.state}: not visible`]),
        ...(within(n.t, n.rect) ? [] : [`${n.state}: name outside its box`]),
        ...(within(n.t, result.pane!) ? [] : [`${n.state}: clipped by the pane`]),
        ...(within(n.t, screen) ? [] : [`${n.state}: off screen`]),
        ...(n.onTop ? [] : [`${n.state}: covered`]),
      ]);
      expect(problems).toEqual([]);
    });
  });
}
