/**
 * The open panel's styles (added to the shadow root when the panel's UI loads). Scoped: they
 * neither leak into the page nor inherit from it (the shell's `:host { all: initial }`).
 */
export const PANEL_CSS = `
.panel {
  --bg: #14161b; --bg2: #1c1f26; --bg3: #252a33; --fg: #d8dde6; --dim: #8a93a3; --line: #2e3440; --edge: #7d889c;
  --accent: #5aa9ff; --ok: #3fcf8e; --warn: #f0b429; --bad: #ff6b6b; --in: #7fd1ff; --out: #c7a6ff;
  font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace;
  color: var(--fg); background: var(--bg); display: flex; flex-direction: column; flex: 1; min-width: 0; min-height: 0; overflow: hidden;
}
button, select, input { font: inherit; color: inherit; }
button { background: var(--bg3); border: 1px solid var(--line); border-radius: 4px; padding: 1px 7px; cursor: pointer; white-space: nowrap; }
button:hover:not(:disabled) { border-color: var(--accent); }
button:disabled { opacity: .5; cursor: default; }
button.on { background: var(--accent); color: #0b1220; border-color: var(--accent); }
input, select { background: var(--bg); border: 1px solid var(--line); border-radius: 4px; padding: 1px 5px; }
.header { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 8px; padding: 4px 8px; background: var(--bg2); border-bottom: 1px solid var(--line); user-select: none; }
.title { font-weight: 700; letter-spacing: .02em; }
.badge { padding: 1px 8px; border-radius: 10px; background: var(--bg3); border: 1px solid var(--line); white-space: nowrap; }
.badge[data-tone=ok] { background: rgba(63,207,142,.15); border-color: var(--ok); color: var(--ok); }
.badge[data-tone=warn] { background: rgba(240,180,41,.15); border-color: var(--warn); color: var(--warn); }
.badge[data-tone=bad] { background: rgba(255,107,107,.15); border-color: var(--bad); color: var(--bad); }
.badge.replay { border-color: var(--out); color: var(--out); }
.spacer { flex: 1; }
.actions { display: flex; gap: 4px; flex-wrap: wrap; }
.meter { display: inline-flex; align-items: center; gap: 4px; color: var(--dim); }
.meter .bar { width: 48px; height: 8px; background: var(--bg3); border-radius: 4px; overflow: hidden; }
.meter .fill { display: block; height: 100%; background: linear-gradient(90deg, var(--ok), var(--warn) 75%, var(--bad)); transition: width 80ms linear; }
.body { flex: 1; display: flex; min-height: 0; min-width: 0; }
.pane { display: flex; flex-direction: column; min-width: 0; min-height: 0; flex: 1; }
.pane.left { flex: 0 0 52%; border-right: 1px solid var(--line); }
.tabs { display: flex; gap: 2px; padding: 3px 6px 0; border-bottom: 1px solid var(--line); background: var(--bg); }
.tabs button { border-radius: 4px 4px 0 0; border-bottom: none; background: transparent; color: var(--dim); }
.tabs button.on { background: var(--bg2); color: var(--fg); border-color: var(--line); }
.tab-body { flex: 1; min-height: 0; min-width: 0; display: flex; flex-direction: column; }
.scroll { flex: 1; overflow: auto; min-height: 0; }
.empty { color: var(--dim); padding: 10px; }
h3 { margin: 0; font-size: 11px; text-transform: uppercase; letter-spacing: .08em; color: var(--dim); font-weight: 600; }

/* statechart */
.chart-pane { position: relative; flex: 1; min-height: 0; min-width: 0; display: flex; flex-direction: column; }
.chart-tools { display: flex; gap: 4px; align-items: center; padding: 3px 6px; color: var(--dim); font-size: 11px; }
.chart-tools .status { flex: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.chart-tools .status b { color: var(--warn); font-weight: 600; }
.chart-tools .status .failure { color: var(--bad); }
.chart-scroll { flex: 1; min-height: 0; overflow: auto; display: flex; }
.chart-scroll.fit { overflow: hidden; }
.chart-scroll.panning { cursor: grabbing; }
svg.diagram { display: block; margin: auto; flex: none; }
svg.diagram text { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace; }
.node rect { fill: var(--bg3); stroke: #434b5b; stroke-width: 1; transition: fill .25s, stroke .25s; }
.node.compound > rect { fill: rgba(28,31,38,.85); }
.node .name { font-size: 12px; font-weight: 700; fill: var(--fg); }
.node.active > rect { stroke: var(--accent); fill: rgba(90,169,255,.10); }
.node.current > rect { stroke: var(--ok); stroke-width: 2; fill: rgba(63,207,142,.16); }
.node.current.warn > rect { stroke: var(--warn); fill: rgba(240,180,41,.14); }
.node.current.bad > rect { stroke: var(--bad); fill: rgba(255,107,107,.14); }
.node.was > rect { stroke: var(--dim); stroke-dasharray: 4 3; }
.pseudo rect { fill: none; stroke: var(--dim); stroke-dasharray: 3 2; }
.pseudo text { font-size: 10px; fill: var(--dim); }
.initial circle { fill: var(--fg); }
.initial path { stroke: var(--dim); fill: none; }
.initial path.head { fill: var(--dim); stroke: none; }
.edge .line { fill: none; stroke: var(--edge); stroke-width: 1.1; }
.edge .head { fill: var(--edge); }
.edge.internal .line { stroke-dasharray: 2 1.5; }
.edge.taken .line { stroke: var(--accent); stroke-width: 2; }
.edge.taken .head { fill: var(--accent); }
.flow { fill: none; stroke: #fff; stroke-width: 2.5; stroke-linecap: round; stroke-dasharray: 6 10; animation: flow 1.4s linear 1, fade 1.4s ease-out 1 forwards; pointer-events: none; }
@keyframes flow { from { stroke-dashoffset: 64; } to { stroke-dashoffset: 0; } }
@keyframes fade { 0% { opacity: 1; } 70% { opacity: .9; } 100% { opacity: 0; } }
.label-bg { fill: var(--bg); opacity: .92; }
.label { font-size: 10px; fill: #b8c4d6; }
.label.taken { fill: var(--accent); font-weight: 700; }
.row-text { font-size: 10px; fill: var(--dim); }
.edge.taken .row-text { fill: var(--accent); }
.attempt-badge rect { fill: rgba(240,180,41,.18); stroke: var(--warn); }
.attempt-badge text { font-size: 10px; fill: var(--warn); font-weight: 700; }

/* stats */
.stats { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 1px 12px; padding: 4px 8px; border-bottom: 1px solid var(--line); background: var(--bg2); }
.stat { display: flex; justify-content: space-between; gap: 6px; white-space: nowrap; overflow: hidden; }
.stat .k { color: var(--dim); overflow: hidden; text-overflow: ellipsis; }
.stat .v { font-variant-numeric: tabular-nums; }
.stat .v.bad { color: var(--bad); }
.stat.wide { grid-column: 1 / -1; justify-content: flex-start; }
.stats-line { display: block; width: 100%; text-align: left; border: none; border-bottom: 1px solid var(--line); border-radius: 0; background: var(--bg2); padding: 3px 8px; color: var(--dim); overflow: hidden; text-overflow: ellipsis; }
.stats-less { grid-column: 1 / -1; justify-self: start; font-size: 10px; padding: 0 6px; }
.header.compact { gap: 3px 6px; padding: 3px 6px; }
.header.compact .meter .bar { width: 28px; }

/* frame log */
.toolbar { display: flex; flex-wrap: wrap; gap: 4px; align-items: center; padding: 4px 6px; border-bottom: 1px solid var(--line); }
.toolbar input[type=search] { flex: 1; min-width: 90px; }
.kinds { display: flex; flex-wrap: wrap; gap: 2px; }
.kinds button { font-size: 10px; padding: 0 5px; }
.log { flex: 1; overflow: auto; min-height: 0; overflow-anchor: auto; position: relative; }
.row { display: grid; grid-template-columns: 82px 12px 100px 64px minmax(0,1fr); gap: 6px; padding: 1px 6px; border-bottom: 1px solid rgba(46,52,64,.5); white-space: nowrap; cursor: pointer; }
.row:hover { background: var(--bg2); }
.row.open { background: var(--bg3); }
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
.detail { padding: 4px 8px 6px 24px; background: var(--bg2); border-bottom: 1px solid var(--line); display: flex; flex-direction: column; gap: 4px; }
.detail .facts { display: grid; grid-template-columns: max-content 1fr; gap: 0 10px; }
.detail .facts .k { color: var(--dim); }
.detail .facts .v { white-space: pre-wrap; word-break: break-word; }
.detail pre { margin: 0; padding: 4px 6px; white-space: pre-wrap; word-break: break-all; color: #b8c4d6; background: var(--bg); border: 1px solid var(--line); border-radius: 4px; max-height: 240px; overflow: auto; }
.detail pre.hex { white-space: pre; word-break: normal; }
.detail .note { color: var(--dim); }
.detail .buttons { display: flex; gap: 6px; align-items: center; }
.follow { position: sticky; bottom: 6px; margin-left: auto; display: block; width: max-content; margin-right: 8px; box-shadow: 0 2px 8px rgba(0,0,0,.4); }
.foot { padding: 2px 8px; color: var(--dim); font-size: 11px; border-top: 1px solid var(--line); display: flex; gap: 10px; flex-wrap: wrap; }

/* timeline */
.timeline { display: flex; flex-direction: column; font-size: 11px; padding: 2px 4px; }
.tl { display: grid; grid-template-columns: 82px 1fr; gap: 6px; padding: 1px 4px; border-radius: 3px; }
.tl:nth-child(odd) { background: var(--bg2); }
.tl.seekable { cursor: pointer; }
.tl .t, .tl .ev { color: var(--dim); }
.attempt { color: var(--warn); font-weight: 600; }

/* context */
.facts-table { display: grid; grid-template-columns: max-content 1fr; gap: 1px 12px; padding: 6px 8px; }
.facts-table .k { color: var(--dim); }
.facts-table .v { word-break: break-all; }
.context-json { margin: 0 8px 8px; padding: 6px 8px; background: var(--bg2); border: 1px solid var(--line); border-radius: 4px; white-space: pre-wrap; word-break: break-all; color: #b8c4d6; }
.section-head { display: flex; align-items: center; gap: 8px; padding: 4px 8px; }

/* replay */
.replaybar { display: flex; align-items: center; gap: 8px; padding: 4px 8px; background: rgba(199,166,255,.08); border-bottom: 1px solid var(--line); flex-wrap: wrap; }
.replaybar input[type=range] { flex: 1; min-width: 120px; accent-color: var(--out); }
.replaybar .time { font-variant-numeric: tabular-nums; color: var(--dim); white-space: nowrap; }
.replaybar .file { color: var(--out); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; max-width: 220px; }
.error-banner { padding: 6px 8px; color: #ffc2c2; background: rgba(255,107,107,.12); border-bottom: 1px solid var(--line); }
`;
