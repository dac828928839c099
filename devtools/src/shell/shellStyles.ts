/**
 * Styles of the shell (the pill and the dock frame), inside the panel's shadow root: they
 * neither leak into the page nor inherit from it. The host element itself takes no room and no
 * pointer events; only the pill or the dock, each exactly its visible rectangle, does.
 */
export const SHELL_CSS = `
:host { all: initial; }
:host([data-floating]) { position: fixed; left: 0; top: 0; width: 0; height: 0; overflow: visible; z-index: 2147483000; pointer-events: none; }
:host([data-container]) { display: block; width: 100%; height: 100%; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.pill {
  position: fixed; pointer-events: auto; display: inline-flex; align-items: center; gap: 6px; height: 26px;
  padding: 0 10px 0 9px; border-radius: 13px; max-width: 260px; white-space: nowrap; cursor: pointer; user-select: none;
  font: 12px/1 ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
  color: #d8dde6; background: #14161b; border: 1px solid #3a4150; box-shadow: 0 3px 12px rgba(0,0,0,.28);
}
.pill:hover, .pill:focus-visible { border-color: #5aa9ff; outline: none; }
.pill.dragging { cursor: grabbing; }
.pill .dot { width: 8px; height: 8px; border-radius: 50%; background: #8a93a3; flex: none; }
.pill[data-tone=ok] .dot { background: #3fcf8e; }
.pill[data-tone=warn] .dot { background: #f0b429; }
.pill[data-tone=bad] .dot { background: #ff6b6b; }
.pill .name { color: #8a93a3; }
.pill .state { overflow: hidden; text-overflow: ellipsis; }
.pill .attempt { color: #f0b429; }
.dock { position: fixed; pointer-events: auto; display: flex; flex-direction: column; background: #14161b; box-shadow: 0 0 24px rgba(0,0,0,.35); }
.dock[data-side=bottom] { left: 0; right: 0; bottom: 0; border-top: 1px solid #2e3440; }
.dock[data-side=right] { top: 0; right: 0; bottom: 0; border-left: 1px solid #2e3440; }
.dock[data-side=container] { position: relative; width: 100%; height: 100%; box-shadow: none; }
.resize { position: absolute; z-index: 5; background: transparent; }
.resize:hover, .resize.active { background: rgba(90,169,255,.45); }
.dock[data-side=bottom] .resize { left: 0; right: 0; top: 0; height: 5px; cursor: ns-resize; }
.dock[data-side=right] .resize { top: 0; bottom: 0; left: 0; width: 5px; cursor: ew-resize; }
.dock[data-side=container] .resize { display: none; }
.mount { flex: 1; min-width: 0; min-height: 0; display: flex; }
.loading { padding: 12px; color: #8a93a3; font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.drop-target { outline: 2px dashed #5aa9ff; outline-offset: -4px; }
`;
