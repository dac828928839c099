/**
 * The panel's styles. They live inside the panel's shadow root, so they neither leak into the
 * page nor inherit from it (`:host { all: initial }` cuts inherited properties too).
 */
export const PANEL_CSS = `
:host { all: initial; }
:host([data-floating]) { position: fixed; z-index: 2147483000; right: 16px; bottom: 16px; }
* { box-sizing: border-box; }
.panel {
  --bg: #14161b; --bg2: #1c1f26; --bg3: #252a33; --fg: #d8dde6; --dim: #8a93a3; --line: #2e3440;
  --accent: #5aa9ff; --ok: #3fcf8e; --warn: #f0b429; --bad: #ff6b6b; --in: #7fd1ff; --out: #c7a6ff;
  font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
  color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 8px;
  display: flex; flex-direction: column; overflow: hidden; width: 100%; height: 100%; position: relative;
  box-shadow: 0 8px 28px rgba(0,0,0,.35);
}
.panel.floating { width: 900px; height: 540px; min-width: 420px; min-height: 220px; max-width: calc(100vw - 16px); max-height: calc(100vh - 16px); }
.panel.collapsed { height: auto !important; min-height: 0; width: auto !important; min-width: 0; }
.grip { position: absolute; left: 0; top: 0; width: 12px; height: 12px; cursor: nwse-resize; z-index: 2;
  background: linear-gradient(135deg, var(--dim) 0 2px, transparent 2px 4px, var(--dim) 4px 5px, transparent 5px); opacity: .6; }
.grip:hover { opacity: 1; }
button, select, input { font: inherit; color: inherit; }
button { background: var(--bg3); border: 1px solid var(--line); border-radius: 4px; padding: 1px 7px; cursor: pointer; }
button:hover { border-color: var(--accent); }
button.on { background: var(--accent); color: #0b1220; border-color: var(--accent); }
input, select { background: var(--bg); border: 1px solid var(--line); border-radius: 4px; padding: 1px 5px; }
.header { display: flex; align-items: center; gap: 8px; padding: 5px 8px 5px 14px; background: var(--bg2); border-bottom: 1px solid var(--line); user-select: none; }
.floating .header { cursor: move; }
.title { font-weight: 700; letter-spacing: .02em; }
.badge { padding: 1px 8px; border-radius: 10px; background: var(--bg3); border: 1px solid var(--line); white-space: nowrap; }
.badge.ready { background: rgba(63,207,142,.15); border-color: var(--ok); color: var(--ok); }
.badge.reconnecting, .badge.connecting, .badge.handshaking, .badge.resolvingEndpoint { background: rgba(240,180,41,.15); border-color: var(--warn); color: var(--warn); }
.badge.disconnected.error { background: rgba(255,107,107,.15); border-color: var(--bad); color: var(--bad); }
.spacer { flex: 1; }
.meter { display: inline-flex; align-items: center; gap: 4px; color: var(--dim); }
.meter .bar { width: 60px; height: 8px; background: var(--bg3); border-radius: 4px; overflow: hidden; }
.meter .fill { display: block; height: 100%; background: linear-gradient(90deg, var(--ok), var(--warn) 75%, var(--bad)); transition: width 80ms linear; }
.body { flex: 1; display: grid; grid-template-columns: minmax(230px, 34%) 1fr; min-height: 0; }
.left { border-right: 1px solid var(--line); overflow: auto; padding: 6px; display: flex; flex-direction: column; gap: 8px; }
.right { display: flex; flex-direction: column; min-width: 0; min-height: 0; }
h3 { margin: 0 0 4px; font-size: 11px; text-transform: uppercase; letter-spacing: .08em; color: var(--dim); font-weight: 600; }
.chart { display: grid; grid-template-columns: 1fr 1fr; gap: 4px; }
.chart > .any, .chart > .state.compound { grid-column: 1 / -1; }
h3 button { font-size: 10px; padding: 0 5px; margin-left: 6px; text-transform: none; letter-spacing: 0; }
.any { color: var(--dim); font-size: 11px; }
.state { border: 1px solid var(--line); border-radius: 6px; padding: 3px 6px; background: var(--bg2); transition: background .25s, border-color .25s, box-shadow .25s; }
.state.compound { padding-bottom: 5px; }
.state .name { font-weight: 600; }
.state.active { border-color: var(--accent); background: rgba(90,169,255,.12); box-shadow: 0 0 0 1px var(--accent) inset; }
.state.current { border-color: var(--ok); background: rgba(63,207,142,.14); box-shadow: 0 0 0 1px var(--ok) inset; animation: enter .6s ease-out; }
.state.reconnecting.active, .state.reconnecting .state.current { border-color: var(--warn); background: rgba(240,180,41,.12); box-shadow: 0 0 0 1px var(--warn) inset; }
.state.was { border-style: dashed; border-color: var(--dim); }
@keyframes enter { from { box-shadow: 0 0 0 6px rgba(63,207,142,.45); } to { box-shadow: 0 0 0 1px var(--ok) inset; } }
.children { display: flex; gap: 4px; margin-top: 3px; flex-wrap: wrap; }
.children > .state { flex: 1; min-width: 90px; }
.children > .state.active { flex: 2.2; }
.children .edge { white-space: normal; overflow-wrap: anywhere; }
.edges { display: flex; flex-wrap: wrap; gap: 3px; margin-top: 2px; }
.edge { font-size: 10px; color: var(--dim); border: 1px solid var(--line); border-radius: 3px; padding: 0 4px; white-space: nowrap; max-width: 100%; overflow: hidden; text-overflow: ellipsis; }
.edge.internal { border-style: dotted; }
.edge.taken { color: #0b1220; background: var(--accent); border-color: var(--accent); animation: flash 1.2s ease-out; }
@keyframes flash { 0% { background: #fff; } 100% { background: var(--accent); } }
.attempt { color: var(--warn); font-weight: 600; }
.timeline { display: flex; flex-direction: column; gap: 1px; font-size: 11px; }
.tl { display: grid; grid-template-columns: 62px 1fr; gap: 4px; padding: 1px 2px; border-radius: 3px; }
.tl:nth-child(odd) { background: var(--bg2); }
.tl .t { color: var(--dim); }
.tl .ev { color: var(--dim); }
.stats { display: grid; grid-template-columns: repeat(4, minmax(0,1fr)); gap: 2px 10px; padding: 5px 8px; border-bottom: 1px solid var(--line); background: var(--bg2); }
.stat { display: flex; justify-content: space-between; gap: 6px; white-space: nowrap; overflow: hidden; }
.stat .k { color: var(--dim); overflow: hidden; text-overflow: ellipsis; }
.stat .v { font-variant-numeric: tabular-nums; }
.stat .v.bad { color: var(--bad); }
.stat.wide { grid-column: 1 / -1; justify-content: flex-start; }
.toolbar { display: flex; flex-wrap: wrap; gap: 4px; align-items: center; padding: 4px 6px; border-bottom: 1px solid var(--line); }
.toolbar input[type=search] { flex: 1; min-width: 90px; }
.kinds { display: flex; flex-wrap: wrap; gap: 2px; }
.kinds button { font-size: 10px; padding: 0 5px; }
.log { flex: 1; overflow: auto; min-height: 0; }
.row { display: grid; grid-template-columns: 64px 12px 96px 58px 1fr; gap: 6px; padding: 1px 6px; border-bottom: 1px solid rgba(46,52,64,.5); white-space: nowrap; }
.row.expandable { cursor: pointer; }
.row:hover { background: var(--bg2); }
.row .t, .row .size { color: var(--dim); font-variant-numeric: tabular-nums; }
.row .size { text-align: right; }
.row .dir.in { color: var(--in); }
.row .dir.out { color: var(--out); }
.row .sum { overflow: hidden; text-overflow: ellipsis; }
.row.malformed, .row.error { background: rgba(255,107,107,.12); color: #ffc2c2; }
.row.drop { background: rgba(240,180,41,.10); }
.row.audio .sum { color: var(--dim); }
.lvl { display: inline-block; width: 40px; height: 6px; background: var(--bg3); border-radius: 3px; vertical-align: middle; margin-right: 6px; overflow: hidden; }
.lvl i { display: block; height: 100%; background: var(--ok); }
pre.json { margin: 0; padding: 4px 8px 6px 96px; white-space: pre-wrap; word-break: break-all; color: #b8c4d6; background: var(--bg2); border-bottom: 1px solid var(--line); max-height: 240px; overflow: auto; }
.foot { padding: 2px 8px; color: var(--dim); font-size: 11px; border-top: 1px solid var(--line); display: flex; gap: 10px; }
.empty { color: var(--dim); padding: 10px; }
`;
