/**
 * Draws a laid-out statechart (diagramLayout.ts) as SVG: state boxes (compound ones behind their
 * children), initial dots, `any` chips, one arrow per transition (`data-transition` = the
 * describeMachine id), labels, and the rows of targetless transitions. The current state is
 * highlighted, its ancestors outlined, the state just left dashed, the last transition's arrow
 * coloured and — once per transition — a pulse runs along it. The reconnect attempt and the
 * backoff countdown sit on the active top-level state.
 */
import type { Diagram, DiagramEdge, DiagramState } from "../model/diagram/diagramLayout.js";
import { LABEL_FONT, textWidth } from "../model/diagram/labels.js";
import { isWithin } from "../model/statechart.js";
import type { Tone } from "../model/tone.js";

/** Room around the drawing, in user units (the attempt badge may sit above a state). */
export const DIAGRAM_MARGIN = 14;

export interface DiagramHighlight {
  state: string;
  tone: Tone;
  /** The state just left. */
  was: string | null;
  /** The transition just taken, and the id of the timeline entry (restarts the pulse). */
  taken: string | null;
  takenKey: number;
  /** `attempt 1/2 · next in 0.8 s`, or null. */
  badge: string | null;
}

function badgeBox(s: DiagramState, text: string) {
  const w = textWidth(text, LABEL_FONT) + 10;
  const nameRight = s.nameX + textWidth(s.key, 12) + 8;
  const inside = s.compound && s.x + s.w - 6 - w >= nameRight;
  return { x: inside ? s.x + s.w - 6 - w : s.x + s.w - w, y: inside ? s.y + 4 : s.y - 15, w, h: 14 };
}

export function DiagramSvg(props: { diagram: Diagram; highlight: DiagramHighlight; scale: number }) {
  const { diagram: d, highlight: h, scale } = props;
  const m = DIAGRAM_MARGIN;
  const width = d.width + 2 * m;
  const height = d.height + 2 * m;
  const states = [...d.states].sort((a, b) => a.depth - b.depth);
  const bundles = new Map<number, DiagramEdge[]>();
  for (const e of d.edges) (bundles.get(e.bundle) ?? bundles.set(e.bundle, []).get(e.bundle)!).push(e);
  const taken = h.taken ? d.edges.find((e) => e.id === h.taken) : undefined;
  const top = h.state.split(".")[0] ?? "";
  const badgeState = h.badge ? d.states.find((s) => s.path === top) : undefined;
  return (
    <svg
      class="diagram"
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`${-m} ${-m} ${width} ${height}`}
      width={Math.round(width * scale)}
      height={Math.round(height * scale)}
      role="img"
      aria-label={`statechart, current state ${h.state}`}
      data-layout={`${d.options.direction}/${d.options.innerDirection}`}
    >
      <g class="states">
        {states.map((s) => {
          const cls = [
            "node",
            s.compound ? "compound" : "atomic",
            isWithin(h.state, s.path) ? "active" : "",
            s.path === h.state ? `current ${h.tone}` : "",
            h.was === s.path && !isWithin(h.state, s.path) ? "was" : "",
          ];
          return (
            <g key={s.path} class={cls.filter(Boolean).join(" ")} data-state={s.path}>
              <rect x={s.x} y={s.y} width={s.w} height={s.h} rx={6} />
              <text class="name" x={s.nameX} y={s.nameY}>
                {s.key}
              </text>
            </g>
          );
        })}
      </g>
      {d.pseudos.map((p) => (
        <g key={p.id} class="pseudo" data-pseudo={p.id}>
          <rect x={p.x} y={p.y} width={p.w} height={p.h} rx={8} />
          <text x={p.x + 7} y={p.y + 12}>
            {p.text}
          </text>
        </g>
      ))}
      {d.initials.map((i) => (
        <g key={i.parent} class="initial" data-initial={i.target}>
          <circle cx={i.cx} cy={i.cy} r={4} />
          <path d={i.d} />
          <path class="head" d={i.head} />
        </g>
      ))}
      <g class="edges">
        {d.edges.map((e) => (
          <g key={`${e.id}>${e.target}`} class={`edge${e.id === h.taken ? " taken" : ""}`} data-transition={e.id} data-source={e.source} data-target={e.target}>
            <path class="line" d={e.d} />
            <path class="head" d={e.head} />
          </g>
        ))}
      </g>
      <g class="labels">
        {[...bundles.values()].map((members) => {
          const box = members[0]!.label;
          return (
            <g key={members[0]!.bundle}>
              <rect class="label-bg" x={box.x} y={box.y} width={box.w} height={box.h} rx={3} />
              {members.map((e) => (
                <text key={e.id} class={`label${e.id === h.taken ? " taken" : ""}`} data-transition={e.id} x={e.textX} y={e.textY} text-anchor="middle">
                  {e.lines.map((line, i) => (
                    <tspan key={i} x={e.textX} dy={i === 0 ? 0 : 12}>
                      {line}
                    </tspan>
                  ))}
                </text>
              ))}
            </g>
          );
        })}
      </g>
      <g class="rows">
        {d.rows.map((r) => (
          <g key={`${r.owner}|${r.id}`} class={`edge row ${r.self ? "self" : "internal"}${r.id === h.taken ? " taken" : ""}`} data-transition={r.id}>
            <path class="line" d={r.d} />
            <path class="head" d={r.head} />
            <text class="row-text" x={r.x} y={r.y}>
              {r.text}
            </text>
          </g>
        ))}
      </g>
      {taken && <path key={h.takenKey} class="flow" d={taken.d} data-role="pulse" />}
      {badgeState && h.badge && (
        <g class="attempt-badge" data-role="attempt-badge">
          {(() => {
            const b = badgeBox(badgeState, h.badge);
            return (
              <>
                <rect x={b.x} y={b.y} width={b.w} height={b.h} rx={7} />
                <text x={b.x + 5} y={b.y + 10.5}>
                  {h.badge}
                </text>
              </>
            );
          })()}
        </g>
      )}
    </svg>
  );
}
