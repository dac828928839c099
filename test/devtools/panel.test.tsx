// @vitest-environment happy-dom
/**
 * Component tests of the mounted panel in happy-dom: shadow-root scoping, the statechart drawn
 * from the real machine, log rows and filters driven through the UI, export, unmount.
 */
import { afterEach, describe, expect, it } from "vitest";
import { connectionMachine } from "../../machines/connectionMachine.js";
import { WebSocketTransport } from "../../src/transport/WebSocketTransport.js";
import { mountDevtools, type InspectableTransport } from "../../devtools/src/index.js";
import { ReplayTransport, audioEvent, rtviEvent } from "./support/replayTransport.js";

const frame = () => new Promise((r) => setTimeout(r, 120)); // past the store's batching

let cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.forEach((fn) => fn());
  cleanups = [];
  document.body.innerHTML = "";
});

function mountInto(transport: InspectableTransport, extra: Parameters<typeof mountDevtools>[1] = {}) {
  const container = document.createElement("div");
  document.body.appendChild(container);
  const unmount = mountDevtools(transport, { container, statsIntervalMs: 50, ...extra });
  cleanups.push(unmount);
  const host = container.querySelector("[data-pipecat-devtools]") as HTMLElement;
  const root = host.shadowRoot!;
  return { container, host, root, unmount };
}

describe("mountDevtools", () => {
  it("accepts the real WebSocketTransport and draws every state of its machine, current one highlighted", () => {
    const transport = new WebSocketTransport({ wsUrl: "ws://127.0.0.1:1/ws" });
    const { root } = mountInto(transport);
    const drawn = [...root.querySelectorAll("[data-state].state")].map((el) => el.getAttribute("data-state"));
    const walk = (node: typeof connectionMachine.root): string[] => [
      ...(node.path.length ? [node.path.join(".")] : []),
      ...Object.values(node.states).flatMap((c) => walk(c as typeof node)),
    ];
    expect(drawn).toEqual(walk(connectionMachine.root));
    expect(root.querySelector(".state.current")?.getAttribute("data-state")).toBe("idle");
    expect(root.querySelector("[data-role=state]")?.textContent).toBe("idle");
  });

  it("scopes its styles in a shadow root: nothing leaks into the page", () => {
    const { root, host } = mountInto(new ReplayTransport(connectionMachine));
    expect(root.querySelector("style")?.textContent).toContain(":host { all: initial; }");
    expect(document.head.querySelectorAll("style").length).toBe(0);
    expect(document.querySelector(".panel")).toBeNull(); // not reachable from the page
    expect(host.shadowRoot?.querySelector(".panel")).not.toBeNull();
  });

  it("shows transitions, grouped audio, decoded RTVI (expandable) and highlighted malformed frames", async () => {
    const transport = new ReplayTransport(connectionMachine);
    const { root } = mountInto(transport);
    transport.emit(
      { kind: "state", time: 10, state: "connecting", previous: "idle", event: "CONNECT", attempt: 0, maxAttempts: 2 },
      { kind: "state", time: 20, state: "connected.handshaking", previous: "connecting", event: "SOCKET.OPEN", attempt: 0, maxAttempts: 2 },
      rtviEvent(21, "out", "client-ready"),
      rtviEvent(30, "in", "bot-ready", { version: "2.1.0" }),
      { kind: "state", time: 31, state: "connected.ready", previous: "connected.handshaking", event: "BOT_READY", attempt: 0, maxAttempts: 2 },
    );
    for (let i = 0; i < 100; i++) transport.emit(audioEvent(2000 + i * 10, "in", 0.3, 24000));
    transport.emit({ kind: "frame", time: 3100, direction: "in", frameType: "malformed", size: 3, malformed: { reason: "odd-length-audio", detail: "3 bytes" } });
    await frame();

    expect(root.querySelector(".state.current")?.getAttribute("data-state")).toBe("connected.ready");
    expect(root.querySelector(".edge.taken")?.textContent).toContain("BOT_READY");
    expect([...root.querySelectorAll(".tl")].map((el) => el.getAttribute("data-to"))).toEqual(["connected.ready", "connected.handshaking", "connecting"]);

    const rows = [...root.querySelectorAll(".row")];
    expect(rows.map((r) => r.getAttribute("data-kind"))).toEqual(["message", "message", "audio", "malformed"]);
    expect(rows[2]!.textContent).toContain("bot 100 frames · 24000 Hz");
    expect(rows[3]!.classList.contains("malformed")).toBe(true);
    expect(rows[3]!.textContent).toContain("odd-length-audio");

    (rows[1] as HTMLElement).click();
    await frame();
    expect(root.querySelector("pre.json")?.textContent).toContain('"version": "2.1.0"');
  });

  it("filters by kind, direction and text from the toolbar", async () => {
    const transport = new ReplayTransport(connectionMachine);
    const { root } = mountInto(transport);
    transport.emit(rtviEvent(1, "out", "client-ready"), rtviEvent(2, "in", "bot-ready"), audioEvent(3, "out"), rtviEvent(4, "in", "user-transcription", { text: "Bonjour" }));
    await frame();
    const kinds = () => [...root.querySelectorAll(".row")].map((r) => r.getAttribute("data-kind") + ":" + r.getAttribute("data-dir"));
    expect(kinds()).toEqual(["message:out", "message:in", "audio:out", "message:in"]);

    (root.querySelector("[data-kind-filter=audio]") as HTMLElement).click();
    await frame();
    expect(kinds()).toEqual(["message:out", "message:in", "message:in"]);

    const select = root.querySelector("select") as HTMLSelectElement;
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

  it("pauses, clears and exports through its buttons", async () => {
    const transport = new ReplayTransport(connectionMachine);
    const exports: string[] = [];
    const { root } = mountInto(transport, { onExport: (json) => exports.push(json) });
    const click = async (action: string) => {
      (root.querySelector(`[data-action=${action}]`) as HTMLElement).click();
      await frame();
    };
    transport.emit(rtviEvent(1, "in", "bot-ready", { token: "hunter2" }));
    await click("pause");
    transport.emit(rtviEvent(2, "in", "bot-output"));
    await frame();
    expect(root.querySelectorAll(".row").length).toBe(1);
    expect(root.querySelector(".foot")?.textContent).toContain("paused: 1 frames not logged");
    await click("pause");
    await click("export");
    expect(exports).toHaveLength(1);
    const doc = JSON.parse(exports[0]!);
    expect(doc.log).toHaveLength(1);
    expect(exports[0]).not.toContain("hunter2");
    await click("clear");
    expect(root.querySelectorAll(".row").length).toBe(0);
  });

  it("collapses to its header, floats when no container is given, and unmounts cleanly", async () => {
    const transport = new ReplayTransport(connectionMachine);
    const unmount = mountDevtools(transport, { collapsed: true });
    const host = document.body.querySelector("[data-pipecat-devtools]") as HTMLElement;
    expect(host.hasAttribute("data-floating")).toBe(true);
    const root = host.shadowRoot!;
    expect(root.querySelector(".panel.floating.collapsed")).not.toBeNull();
    expect(root.querySelector(".body")).toBeNull();
    (root.querySelector("[data-action=collapse]") as HTMLElement).click();
    await frame();
    expect(root.querySelector(".body")).not.toBeNull();
    expect(transport.listeners.size).toBe(1);
    unmount();
    unmount(); // idempotent
    expect(transport.listeners.size).toBe(0);
    expect(document.body.querySelector("[data-pipecat-devtools]")).toBeNull();
  });

  it("fails fast on something that is not a transport", () => {
    expect(() => mountDevtools({} as InspectableTransport)).toThrow(/pass a WebSocketTransport/);
  });
});
