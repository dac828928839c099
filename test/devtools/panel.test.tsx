// @vitest-environment happy-dom
/**
 * Component tests of the mounted panel in happy-dom: the pill by default (taking no pointer
 * events outside itself), opening it (the UI loads lazily), the diagram drawn from the real
 * machine, expandable rows with hex and copy, the context pane, filters, pause/clear/export,
 * replay from a file, remembered place, the shortcut, and a clean unmount.
 */
import { afterEach, describe, expect, it } from "vitest";
import { connectionMachine } from "../../machines/connectionMachine.js";
import { describeMachine } from "../../machines/describeMachine.js";
import { WebSocketTransport } from "../../src/transport/WebSocketTransport.js";
import { mountDevtools, type InspectableTransport } from "../../devtools/src/index.js";
import { SHELL_CSS } from "../../devtools/src/shell/shellStyles.js";
import { ReplayTransport, SnapshotTransport, audioEvent, rtviEvent } from "./support/replayTransport.js";

const frame = () => new Promise((r) => setTimeout(r, 120)); // past the store's batching

async function until<T>(fn: () => T | null | undefined | false, what: string, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.forEach((fn) => fn());
  cleanups = [];
  document.body.innerHTML = "";
  document.body.removeAttribute("style");
  localStorage.clear();
});

function host() {
  return document.querySelector("[data-pipecat-devtools]") as HTMLElement;
}

async function mountOpen(transport: InspectableTransport | null, extra: Parameters<typeof mountDevtools>[1] = {}) {
  const container = document.createElement("div");
  document.body.appendChild(container);
  const unmount = mountDevtools(transport, { container, statsIntervalMs: 50, ...extra });
  cleanups.push(unmount);
  const root = host().shadowRoot!;
  await until(() => root.querySelector(".panel"), "the panel to load");
  return { root, unmount };
}

const click = async (el: Element | null) => {
  expect(el, "element to click").not.toBeNull();
  (el as HTMLElement).click();
  await frame();
};

describe("mountDevtools: the pill and the dock", () => {
  it("starts as a small pill that is the only thing taking pointer events", async () => {
    const transport = new ReplayTransport(connectionMachine);
    cleanups.push(mountDevtools(transport));
    const h = host();
    expect(h.hasAttribute("data-floating")).toBe(true);
    expect(SHELL_CSS).toMatch(/:host\(\[data-floating\]\) \{[^}]*width: 0; height: 0;[^}]*pointer-events: none;/);
    const root = h.shadowRoot!;
    const pill = root.querySelector(".pill") as HTMLElement;
    expect(pill.hidden).toBe(false);
    expect(root.querySelector(".dock")?.hasAttribute("hidden")).toBe(true);
    expect(root.querySelector(".panel")).toBeNull(); // the UI is not even loaded
    transport.emit({ kind: "state", time: 1, state: "connected.ready", previous: "connected.handshaking", event: "BOT_READY", attempt: 0, maxAttempts: 2 });
    await frame();
    expect(pill.querySelector("[data-role=pill-state]")?.textContent).toBe("ready");
    expect(pill.dataset.tone).toBe("ok");
  });

  it("a drag that spans the pill's periodic re-placement keeps where the user put it", async () => {
    const transport = new ReplayTransport(connectionMachine);
    cleanups.push(mountDevtools(transport, { storageKey: "test-drag" }));
    const pill = host().shadowRoot!.querySelector(".pill") as HTMLElement;
    const start = { right: parseFloat(pill.style.right), bottom: parseFloat(pill.style.bottom) };
    const at = (type: string, x: number, y: number) => new PointerEvent(type, { button: 0, clientX: x, clientY: y, bubbles: true });
    pill.dispatchEvent(at("pointerdown", 900, 700));
    window.dispatchEvent(at("pointermove", 800, 650));
    window.dispatchEvent(at("pointermove", 700, 600));
    // The pill looks for a free spot every 2 s; one of those checks lands while the button is held.
    await new Promise((r) => setTimeout(r, 2300));
    window.dispatchEvent(at("pointerup", 700, 600));
    expect({ right: parseFloat(pill.style.right), bottom: parseFloat(pill.style.bottom) }).toEqual({ right: start.right + 200, bottom: start.bottom + 100 });
    await new Promise((r) => setTimeout(r, 2300)); // and later checks leave a placed pill alone
    expect({ right: parseFloat(pill.style.right), bottom: parseFloat(pill.style.bottom) }).toEqual({ right: start.right + 200, bottom: start.bottom + 100 });
  });

  it("a cancelled drag (a touch taken over by the browser) ends the gesture: later moves leave the pill alone", async () => {
    const transport = new ReplayTransport(connectionMachine);
    cleanups.push(mountDevtools(transport, { storageKey: "test-cancel" }));
    const pill = host().shadowRoot!.querySelector(".pill") as HTMLElement;
    const at = (type: string, x: number, y: number) => new PointerEvent(type, { button: 0, clientX: x, clientY: y, bubbles: true });
    pill.dispatchEvent(at("pointerdown", 900, 700));
    window.dispatchEvent(at("pointermove", 800, 650));
    window.dispatchEvent(at("pointercancel", 800, 650));
    const left = { right: pill.style.right, bottom: pill.style.bottom };
    expect(pill.classList.contains("dragging")).toBe(false);
    window.dispatchEvent(at("pointermove", 500, 400));
    expect({ right: pill.style.right, bottom: pill.style.bottom }).toEqual(left);
  });

  it("opens on click (loading the UI), closes to the pill, and remembers open state and dock side", async () => {
    const transport = new ReplayTransport(connectionMachine);
    const unmount = mountDevtools(transport, { storageKey: "test-prefs" });
    let root = host().shadowRoot!;
    await click(root.querySelector(".pill"));
    await until(() => root.querySelector(".panel"), "the panel");
    expect(root.querySelector(".dock")?.hasAttribute("hidden")).toBe(false);
    const side = root.querySelector(".dock")!.getAttribute("data-side");
    await click(root.querySelector("[data-action=dock]"));
    const other = side === "bottom" ? "right" : "bottom";
    expect(root.querySelector(".dock")!.getAttribute("data-side")).toBe(other);
    expect(JSON.parse(localStorage.getItem("test-prefs")!)).toMatchObject({ open: true, dock: other });
    unmount();
    // A new page load opens where the user left it.
    cleanups.push(mountDevtools(transport, { storageKey: "test-prefs" }));
    root = host().shadowRoot!;
    await until(() => root.querySelector(".panel"), "the panel to reopen");
    expect(root.querySelector(".dock")!.getAttribute("data-side")).toBe(other);
    await click(root.querySelector("[data-action=close]"));
    expect(root.querySelector(".pill")?.hasAttribute("hidden")).toBe(false);
    expect(JSON.parse(localStorage.getItem("test-prefs")!).open).toBe(false);
  });

  it("toggles with the keyboard shortcut, and pads the page only while docked open", async () => {
    document.body.style.paddingBottom = "3px";
    cleanups.push(mountDevtools(new ReplayTransport(connectionMachine), { dock: "bottom", storageKey: null }));
    const root = host().shadowRoot!;
    const press = () => window.dispatchEvent(new KeyboardEvent("keydown", { code: "KeyD", key: "D", altKey: true, shiftKey: true }));
    press();
    await until(() => root.querySelector(".panel"), "the panel");
    const dock = root.querySelector(".dock") as HTMLElement;
    expect(parseFloat(document.body.style.paddingBottom)).toBe(3 + parseFloat(dock.style.height));
    press();
    await frame();
    expect(dock.hidden).toBe(true);
    expect(document.body.style.paddingBottom).toBe("3px");
    expect(() => mountDevtools(new ReplayTransport(), { shortcut: "Hyper+Q" })).toThrow(/shortcut "Hyper\+Q" is not a key combination/);
  });

  it("unmounts cleanly: no host, no subscription, page padding restored", async () => {
    const transport = new ReplayTransport(connectionMachine);
    const unmount = mountDevtools(transport, { open: true, dock: "right", storageKey: null });
    await until(() => host().shadowRoot!.querySelector(".panel"), "the panel");
    expect(transport.listeners.size).toBe(1);
    expect(document.body.style.paddingRight).not.toBe("");
    unmount();
    unmount(); // idempotent
    expect(transport.listeners.size).toBe(0);
    expect(host()).toBeNull();
    expect(document.body.style.paddingRight).toBe("");
  });

  it("fills a given container, always open, without touching the page", async () => {
    const { root } = await mountOpen(new ReplayTransport(connectionMachine));
    const dock = root.querySelector(".dock") as HTMLElement;
    expect(dock.dataset.side).toBe("container");
    expect(dock.style.height).toBe("");
    expect(dock.style.width).toBe("");
    expect(root.querySelector(".pill")).toBeNull();
    expect(root.querySelector("[data-action=close]")).toBeNull();
    expect(document.body.style.paddingBottom + document.body.style.paddingRight).toBe("");
  });

  it("fails fast on something that is not a transport", () => {
    expect(() => mountDevtools({} as InspectableTransport)).toThrow(/pass a WebSocketTransport/);
    expect(() => mountDevtools(null)).toThrow(/or null with \{ replay: file \}/);
  });
});

describe("mountDevtools: the open panel", () => {
  it("draws the real machine as an SVG: every state, an arrow for every transition, the current one highlighted", async () => {
    const transport = new WebSocketTransport({ wsUrl: "ws://127.0.0.1:1/ws" });
    const { root } = await mountOpen(transport);
    const svg = root.querySelector("svg.diagram")!;
    const description = describeMachine(connectionMachine);
    const drawn = [...svg.querySelectorAll("g.node[data-state]")].map((el) => el.getAttribute("data-state"));
    expect(drawn.sort()).toEqual(description.states.filter((s) => s.path).map((s) => s.path).sort());
    const arrows = new Set([...svg.querySelectorAll("g.edge[data-transition]")].filter((g) => g.querySelector("path.head")).map((g) => g.getAttribute("data-transition")));
    expect([...arrows].sort()).toEqual(description.transitions.map((t) => t.id).sort());
    expect(svg.querySelector(".node.current")?.getAttribute("data-state")).toBe("idle");
    expect(root.querySelector("[data-role=state]")?.textContent).toBe("idle");
  });

  it("animates the transition taken and shows the attempt with the countdown", async () => {
    const transport = new ReplayTransport(connectionMachine);
    const { root } = await mountOpen(transport);
    const t = performance.now();
    transport.emit(
      { kind: "state", time: t, state: "reconnecting.backoff", previous: "connected.ready", event: "SOCKET.CLOSE", attempt: 1, maxAttempts: 2, retryInMs: 5000 },
    );
    await frame();
    const taken = root.querySelector("g.edge.taken")!;
    expect(taken.getAttribute("data-source")).toBe("connected");
    expect(taken.getAttribute("data-target")).toBe("reconnecting");
    expect(root.querySelector("[data-role=pulse]")).not.toBeNull();
    // Attempt 1 failed: the badge counts down to attempt 2.
    expect(root.querySelector("[data-role=attempt-badge]")?.textContent).toMatch(/^attempt 2\/2 in [45]\.\d s$/);
    expect(root.querySelector("[data-role=attempt]")?.textContent).toMatch(/^attempt 2\/2 in/);
  });

  it("logs oldest first; every row expands (errors too) with facts, hex of the raw bytes and copy as JSON", async () => {
    const transport = new ReplayTransport(connectionMachine);
    const { root } = await mountOpen(transport);
    await click(root.querySelector("[data-tab=frames]"));
    transport.emit(
      rtviEvent(21, "out", "client-ready"),
      { ...rtviEvent(30, "in", "bot-ready", { version: "2.1.0" }), bytes: new Uint8Array([0x22, 0x10, 0x7b, 0x22]) } as never,
    );
    for (let i = 0; i < 100; i++) transport.emit(audioEvent(2000 + i * 10, "in", 0.3, 24000));
    transport.emit(
      { kind: "frame", time: 3100, direction: "in", frameType: "malformed", size: 3, malformed: { reason: "odd-length-audio", detail: "3 bytes" } },
      { kind: "error", time: 3200, message: "connection lost (code 1006: a very long reason that a single line would cut off); reconnecting (up to 2 attempts)", fatal: false },
    );
    await frame();
    const rows = () => [...root.querySelectorAll(".row")] as HTMLElement[];
    expect(rows().map((r) => r.getAttribute("data-kind"))).toEqual(["message", "message", "audio", "malformed", "error"]);
    expect(rows()[2]!.textContent).toContain("bot 100 frames · 24000 Hz");

    await click(rows()[4]!);
    const error = root.querySelector(".detail")!;
    expect(error.textContent).toContain("a very long reason that a single line would cut off");
    expect(error.textContent).toContain("no: the session goes on");
    await click(rows()[4]!); // collapse

    await click(rows()[1]!);
    const detail = root.querySelector(".detail")!;
    expect(detail.querySelector("pre.json")?.textContent).toContain('"version": "2.1.0"');
    expect(detail.querySelector("[data-role=hex]")?.textContent).toBe('0000  22 10 7b 22                                       |".{"|');
    await click(detail.querySelector("[data-action=copy-row]"));
    const copied = JSON.parse(await navigator.clipboard.readText());
    expect(copied).toMatchObject({ kind: "message", direction: "in", summary: "bot-ready", message: { data: { version: "2.1.0" } }, wire: "22107b22" });

    await click(rows()[2]!);
    expect(root.querySelectorAll(".detail")[1]?.querySelector("[data-role=no-hex]")).not.toBeNull();
    expect(root.querySelectorAll(".detail")[1]?.textContent).toMatch(/20 ms|2\.0 s|1000 ms|1\.0 s/);
  });

  it("filters by kind, direction and text from the toolbar", async () => {
    const transport = new ReplayTransport(connectionMachine);
    const { root } = await mountOpen(transport);
    await click(root.querySelector("[data-tab=frames]"));
    transport.emit(rtviEvent(1, "out", "client-ready"), rtviEvent(2, "in", "bot-ready"), audioEvent(3, "out"), rtviEvent(4, "in", "user-transcription", { text: "Bonjour" }));
    await frame();
    const kinds = () => [...root.querySelectorAll(".row")].map((r) => r.getAttribute("data-kind") + ":" + r.getAttribute("data-dir"));
    expect(kinds()).toEqual(["message:out", "message:in", "audio:out", "message:in"]);
    await click(root.querySelector("[data-kind-filter=audio]"));
    expect(kinds()).toEqual(["message:out", "message:in", "message:in"]);
    const select = root.querySelector(".toolbar select") as HTMLSelectElement;
    select.value = "in";
    select.dispatchEvent(new Event("change", { bubbles: true }));
    await frame();
    expect(kinds()).toEqual(["message:in", "message:in"]);
    const input = root.querySelector("input[type=search]") as HTMLInputElement;
    input.value = "bonjour";
    input.dispatchEvent(new Event("input", { bubbles: true }));
    await frame();
    expect(kinds()).toEqual(["message:in"]);
  });

  it("pauses, clears and exports a redacted session file", async () => {
    const transport = new ReplayTransport(connectionMachine);
    const exports: string[] = [];
    const { root } = await mountOpen(transport, { onExport: (json) => exports.push(json) });
    await click(root.querySelector("[data-tab=frames]"));
    transport.emit(rtviEvent(1, "in", "bot-ready", { token: "hunter2" }));
    await click(root.querySelector("[data-action=pause]"));
    transport.emit(rtviEvent(2, "in", "bot-output"));
    await frame();
    expect(root.querySelectorAll(".row").length).toBe(1);
    expect(root.querySelector(".foot")?.textContent).toContain("paused: 1 frames not logged");
    await click(root.querySelector("[data-action=pause]"));
    await click(root.querySelector("[data-action=export]"));
    expect(exports).toHaveLength(1);
    const doc = JSON.parse(exports[0]!);
    expect(doc.format).toBe("pipecat-ws-transport/devtools-session@2");
    expect(doc.log).toHaveLength(1);
    expect(doc.machine.states.length).toBeGreaterThan(5);
    expect(exports[0]).not.toContain("hunter2");
    await click(root.querySelector("[data-action=clear]"));
    expect(root.querySelectorAll(".row").length).toBe(0);
  });

  it("shows the redacted context: URL, attempt, last close, and the whole context as JSON", async () => {
    const transport = new SnapshotTransport(connectionMachine);
    transport.value = { reconnecting: "backoff" };
    transport.context = { url: "ws://127.0.0.1/ws?token=abc123", attempt: 1, reconnects: 1, reconnect: { maxAttempts: 2 }, lastClose: { code: 1006, reason: "gone" } };
    const { root } = await mountOpen(transport);
    await click(root.querySelector("[data-tab=context]"));
    const fact = (k: string) => root.querySelector(`[data-fact="${k}"]`)?.textContent;
    expect(fact("url")).toBe("ws://127.0.0.1/ws?token=***");
    expect(fact("attempt")).toBe("1/2");
    expect(fact("last close")).toBe("1006 (gone)");
    expect(fact("reconnects")).toBe("1");
    expect(fact("time to ready")).toBe("—");
    expect(root.querySelector("[data-role=context-json]")?.textContent).toContain('"lastClose"');
    expect(root.innerHTML).not.toContain("abc123");
    transport.context = {}; // a machine whose context has none of these: dashes, no crash
    transport.emit({ kind: "state", time: 5, state: "idle", previous: "reconnecting.backoff", event: "DISCONNECT", attempt: 0, maxAttempts: 2 });
    await frame();
    expect(fact("last close")).toBe("—");
    expect(fact("url")).toBe("—");
  });

  it("replays a session file given to mountDevtools, with a scrubber, without a transport", async () => {
    const recorded = new ReplayTransport(connectionMachine);
    const exports: string[] = [];
    const live = await mountOpen(recorded, { onExport: (json) => exports.push(json) });
    const t0 = performance.now();
    recorded.emit(
      { kind: "state", time: t0 + 100, state: "connecting", previous: "idle", event: "CONNECT", attempt: 0, maxAttempts: 2 },
      rtviEvent(t0 + 200, "in", "bot-ready"),
      { kind: "state", time: t0 + 300, state: "connected.handshaking", previous: "connecting", event: "SOCKET.OPEN", attempt: 0, maxAttempts: 2 },
    );
    await frame();
    await click(live.root.querySelector("[data-action=export]"));
    live.unmount();
    document.body.innerHTML = "";

    const { root } = await mountOpen(null, { replay: exports[0]! });
    await until(() => root.querySelector("[data-role=replay]"), "the replay bar");
    expect(root.querySelector(".panel")?.getAttribute("data-mode")).toBe("replay");
    expect(root.querySelector("[data-role=state]")?.textContent).toBe("connected.handshaking");
    const connectingAt = Math.ceil(JSON.parse(exports[0]!).timeline[0].t) + 10; // times run from when the panel attached
    const scrub = root.querySelector("[data-role=scrubber]") as HTMLInputElement;
    scrub.value = String(connectingAt);
    scrub.dispatchEvent(new Event("input", { bubbles: true }));
    await frame();
    expect(root.querySelector("[data-role=state]")?.textContent).toBe("connecting");
    expect(root.querySelector("svg.diagram .node.current")?.getAttribute("data-state")).toBe("connecting");
    expect(root.querySelector("[data-role=replay-time]")?.textContent).toMatch(new RegExp(`^\\+${(connectingAt / 1000).toFixed(3).replace(".", "\\.")} s / \\d+\\.\\d{3} s$`));
    expect(root.querySelector("[data-action=export]")).toBeNull();
  });

  it("says what is wrong with a file that is not a session", async () => {
    const { root } = await mountOpen(null, { replay: "not json" });
    const banner = await until(() => root.querySelector("[data-role=replay-error]"), "the error banner");
    expect(banner.textContent).toMatch(/could not replay session: not a session file: invalid JSON/);
  });
});
