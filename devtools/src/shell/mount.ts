/**
 * Mounting: a host element with a shadow root (styles scoped both ways), the store (the one
 * subscription, attached at once so the panel has the history when opened), and either the
 * pill docked in a corner or the open panel docked at the bottom or right — or, with
 * `container`, the panel filling that element. The panel's UI (Preact, the diagram, the log)
 * is loaded with `import()` the first time it opens. Returns the function that undoes it all.
 */
import type { InspectableTransport } from "../types.js";
import type { DevtoolsOptions } from "../options.js";
import { DevtoolsStore } from "../store.js";
import { stateTone } from "../model/tone.js";
import { SHELL_CSS } from "./shellStyles.js";
import { createPill } from "./pill.js";
import { createDock } from "./dock.js";
import { defaultPrefs, loadPrefs, savePrefs, type DockSide, type Prefs } from "./prefs.js";
import { matchesShortcut, parseShortcut } from "./shortcut.js";
import { readSessionFile } from "./readSessionFile.js";
import { freeSpot } from "./placement.js";
import type { PanelHandle, PanelProps } from "../ui/panelApp.js";

export const DEFAULT_STORAGE_KEY = "pipecat-ws-transport:devtools";
export const DEFAULT_SHORTCUT = "Alt+Shift+D";

/** How often a pill that the user has not placed re-checks that it covers no control (ms). */
const REPLACE_EVERY_MS = 2000;

/** True if a drag carries files (so the panel may take the drop). */
const hasFiles = (e: DragEvent) => !!e.dataTransfer && [...e.dataTransfer.types].includes("Files");

export function mount(transport: InspectableTransport | null, options: DevtoolsOptions = {}): () => void {
  const doc = options.container?.ownerDocument ?? document;
  const win = doc.defaultView ?? window;
  const floating = !options.container;
  const shortcut = floating && options.shortcut !== false ? parseShortcut(options.shortcut ?? DEFAULT_SHORTCUT) : null;
  const storageKey = options.storageKey === undefined ? DEFAULT_STORAGE_KEY : options.storageKey;

  const host = doc.createElement("div");
  host.setAttribute("data-pipecat-devtools", "");
  host.setAttribute(floating ? "data-floating" : "data-container", "");
  const shadow = host.attachShadow({ mode: "open" });
  const style = doc.createElement("style");
  style.textContent = SHELL_CSS;
  shadow.append(style);

  const store = transport ? new DevtoolsStore(transport, options) : null;
  store?.attach();

  const prefs: Prefs = floating ? loadPrefs(storageKey, defaultPrefs({ width: win.innerWidth, height: win.innerHeight })) : defaultPrefs({ width: 0, height: 0 });
  const explicitOpen = options.open ?? (options.collapsed === undefined ? undefined : !options.collapsed);
  if (explicitOpen !== undefined) prefs.open = explicitOpen;
  if (options.dock) prefs.dock = options.dock;
  let open = floating ? prefs.open : true;
  const remember = () => floating && savePrefs(storageKey, prefs);

  let replay: PanelProps["replay"] = null;
  let replaySeq = 0;
  let panel: PanelHandle | null = null;
  let loading: Promise<void> | null = null;
  let mounted = true;

  const dock = createDock(doc, {
    padPage: floating && options.padPage !== false,
    onResized: (side, size) => {
      prefs.size[side] = size;
      remember();
    },
  });
  const pill = floating
    ? createPill(doc, {
        title: `pipecat-ws-transport devtools: open the panel${shortcut ? ` (${shortcut.text})` : ""}; drag to move`,
        onOpen: () => setOpen(true),
        onMoved: (pos) => {
          prefs.pill = { ...pos, user: true };
          remember();
        },
      })
    : null;
  if (pill) shadow.append(pill.element);
  shadow.append(dock.element);
  (options.container ?? doc.body).appendChild(host);

  /** Puts the pill where it was dragged, or on a spot that covers none of the page's controls. */
  const placePill = () => {
    // Not under the user's hand: a re-check landing mid-drag would snap the pill back.
    if (!pill || open || pill.held) return;
    const spot = prefs.pill.user ? prefs.pill : freeSpot(doc, { w: pill.element.offsetWidth, h: pill.element.offsetHeight }, host);
    const placed = pill.place(spot);
    prefs.pill = { ...placed, user: prefs.pill.user };
  };

  const panelProps = (): PanelProps => ({
    store,
    transport,
    options,
    placement: floating ? prefs.dock : "container",
    replay,
    shortcut: shortcut?.text ?? null,
    onClose: floating ? () => setOpen(false) : undefined,
    onDock: floating ? (side: DockSide) => setDock(side) : undefined,
    onExitReplay: () => {
      replay = null;
      render();
    },
    onOpenFile: (file: Blob) => void openReplay(file),
  });

  const loadPanel = () => {
    loading ??= import("../ui/panelApp.js").then(
      (ui) => {
        if (!mounted) return;
        dock.mount.replaceChildren();
        panel = ui.renderPanel(dock.mount, shadow, panelProps());
      },
      (e: unknown) => {
        dock.mount.textContent = `could not load the devtools panel: ${String((e as Error)?.message ?? e)}`;
      },
    );
    if (!panel) {
      const note = doc.createElement("div");
      note.className = "loading";
      note.textContent = "loading…";
      if (!dock.mount.firstChild) dock.mount.append(note);
    }
  };

  function render(): void {
    if (!mounted) return;
    if (open) {
      pill?.element.setAttribute("hidden", "");
      const size = dock.show(floating ? prefs.dock : "container", floating ? prefs.size[prefs.dock] : 0);
      if (floating) prefs.size[prefs.dock] = size;
      if (panel) panel.update(panelProps());
      else loadPanel();
    } else {
      dock.hide();
      pill?.element.removeAttribute("hidden");
      updatePill();
      placePill();
    }
  }

  function setOpen(next: boolean): void {
    if (next === open) return;
    open = next;
    prefs.open = next;
    remember();
    render();
    if (!next) pill?.element.focus({ preventScroll: true });
  }

  function setDock(side: DockSide): void {
    prefs.dock = side;
    remember();
    render();
  }

  async function openReplay(input: NonNullable<DevtoolsOptions["replay"]>): Promise<void> {
    try {
      const file = await readSessionFile(input);
      replay = { ...file, seq: ++replaySeq };
    } catch (e) {
      replay = { text: "", name: `unreadable file (${String((e as Error)?.message ?? e)})`, seq: ++replaySeq };
    }
    open = true;
    render();
  }

  const updatePill = () => {
    if (!pill || open) return;
    const state = store?.state ?? "replay";
    pill.update({ state, tone: store ? stateTone(state, store.failed) : "idle", attempt: store?.attempt ?? 0, maxAttempts: store?.maxAttempts ?? null });
  };
  store?.subscribe(updatePill);

  const onKey = (e: KeyboardEvent) => {
    if (shortcut && matchesShortcut(e, shortcut)) {
      e.preventDefault();
      setOpen(!open);
    }
  };
  if (shortcut) win.addEventListener("keydown", onKey);
  const onResize = () => render();
  if (floating) win.addEventListener("resize", onResize);
  // Pages change under the pill (a control appears where it sits): look again now and then.
  const replacer = pill ? setInterval(placePill, REPLACE_EVERY_MS) : null;

  // Dropping a session file on the pill or the panel opens it in replay (only there: the page's own drops are its own).
  const dropTargets: HTMLElement[] = [dock.element, ...(pill ? [pill.element] : [])];
  const onDragOver = (e: DragEvent) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    (e.currentTarget as HTMLElement).classList.add("drop-target");
  };
  const onDragLeave = (e: DragEvent) => (e.currentTarget as HTMLElement).classList.remove("drop-target");
  const onDrop = (e: DragEvent) => {
    (e.currentTarget as HTMLElement).classList.remove("drop-target");
    const file = e.dataTransfer?.files[0];
    if (!file) return;
    e.preventDefault();
    void openReplay(file);
  };
  for (const t of dropTargets) {
    t.addEventListener("dragover", onDragOver);
    t.addEventListener("dragleave", onDragLeave);
    t.addEventListener("drop", onDrop);
  }

  if (options.replay !== undefined) void openReplay(options.replay);
  else render();

  return () => {
    if (!mounted) return;
    mounted = false;
    store?.detach();
    panel?.unmount();
    panel = null;
    if (shortcut) win.removeEventListener("keydown", onKey);
    if (floating) win.removeEventListener("resize", onResize);
    if (replacer !== null) clearInterval(replacer);
    dock.destroy();
    host.remove();
  };
}
