/**
 * Mounting: a host element with a shadow root (styles scoped both ways), either inside a given
 * element or floating over the page (draggable by its header, resizable from its top-left grip,
 * collapsible). Returns the function that unmounts everything and drops the subscription.
 */
import { render } from "preact";
import type { InspectableTransport } from "../types.js";
import { DevtoolsStore } from "../store.js";
import { chartFromMachine } from "../model/statechart.js";
import { Panel } from "./Panel.js";
import { PANEL_CSS } from "./styles.js";
import { openStatelyInspector, type StopInspecting } from "./stately.js";
import type { DevtoolsOptions } from "../options.js";

function dragHandler(host: HTMLElement) {
  return (down: PointerEvent) => {
    const target = down.target as Element | null;
    if (!target || target.closest("button, select, input") || down.button !== 0) return;
    const rect = host.getBoundingClientRect();
    const dx = down.clientX - rect.left;
    const dy = down.clientY - rect.top;
    const move = (e: PointerEvent) => {
      const x = Math.max(0, Math.min(window.innerWidth - 80, e.clientX - dx));
      const y = Math.max(0, Math.min(window.innerHeight - 30, e.clientY - dy));
      Object.assign(host.style, { left: `${x}px`, top: `${y}px`, right: "auto", bottom: "auto" });
    };
    followPointer(down, move);
  };
}

/** The top-left grip resizes a floating panel (it sits bottom-right, so it grows up and left). */
function resizeHandler(host: HTMLElement) {
  return (down: PointerEvent) => {
    const panel = (down.currentTarget as HTMLElement).closest(".panel") as HTMLElement | null;
    if (!panel || down.button !== 0) return;
    const start = panel.getBoundingClientRect();
    const anchoredTopLeft = host.style.left !== "";
    const move = (e: PointerEvent) => {
      const width = Math.max(420, Math.min(window.innerWidth - 8, start.width - (e.clientX - down.clientX)));
      const height = Math.max(220, Math.min(window.innerHeight - 8, start.height - (e.clientY - down.clientY)));
      panel.style.width = `${width}px`;
      panel.style.height = `${height}px`;
      if (anchoredTopLeft) Object.assign(host.style, { left: `${start.right - width}px`, top: `${start.bottom - height}px` });
    };
    followPointer(down, move);
    down.stopPropagation();
  };
}

/** Calls `move` for every pointer move until the button is released (a drag gesture). */
function followPointer(down: PointerEvent, move: (e: PointerEvent) => void): void {
  const up = () => {
    window.removeEventListener("pointermove", move);
    window.removeEventListener("pointerup", up);
  };
  window.addEventListener("pointermove", move);
  window.addEventListener("pointerup", up);
  down.preventDefault();
}

export function mount(transport: InspectableTransport, options: DevtoolsOptions = {}): () => void {
  const doc = options.container?.ownerDocument ?? document;
  const host = doc.createElement("div");
  host.setAttribute("data-pipecat-devtools", "");
  const floating = !options.container;
  if (floating) host.setAttribute("data-floating", "");
  else host.style.cssText = "display:block;width:100%;height:100%;";
  const shadow = host.attachShadow({ mode: "open" });
  const style = doc.createElement("style");
  style.textContent = PANEL_CSS;
  const root = doc.createElement("div");
  root.style.cssText = "width:100%;height:100%;";
  shadow.append(style, root);
  (options.container ?? doc.body).appendChild(host);

  const store = new DevtoolsStore(transport, options);
  store.attach();
  const chart = transport.machine ? chartFromMachine(transport.machine) : null;
  let stopStately: StopInspecting | null = null;
  const actor = transport.actorRef;
  const onOpenStately =
    actor && options.stately !== false
      ? () => {
          stopStately?.();
          openStatelyInspector(actor).then(
            (stop) => (stopStately = stop),
            (e: unknown) => console.warn("[pipecat-ws-transport devtools] could not open the Stately inspector:", e),
          );
        }
      : undefined;

  render(
    <Panel
      store={store}
      chart={chart}
      floating={floating}
      initiallyCollapsed={options.collapsed ?? false}
      onOpenStately={onOpenStately}
      onExport={options.onExport}
      onHeaderPointerDown={floating ? dragHandler(host) : undefined}
      onGripPointerDown={floating ? resizeHandler(host) : undefined}
    />,
    root,
  );

  let mounted = true;
  return () => {
    if (!mounted) return;
    mounted = false;
    store.detach();
    stopStately?.();
    render(null, root);
    host.remove();
  };
}
