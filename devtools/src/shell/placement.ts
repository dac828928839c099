/**
 * Where the pill may sit without covering the page's controls: the corners and edge midpoints
 * are tried in order, and the first whose rectangle has no interactive element under it (a
 * button, link, input, anything focusable or clickable-looking) wins. The page is probed with
 * `elementsFromPoint` on a small grid over each candidate, so no assumption about the page's
 * layout is needed; the panel's own host is ignored.
 */

/** Distance of the pill from the viewport edges, in CSS px. */
export interface PillPosition {
  right: number;
  bottom: number;
}

const MARGIN = 12;

const INTERACTIVE =
  'a[href], button, input, select, textarea, summary, label, [role=button], [role=link], [role=tab], [role=menuitem], [role=checkbox], [role=switch], [contenteditable=""], [contenteditable=true], [tabindex]:not([tabindex="-1"])';

/** Candidate spots for a `w`×`h` pill in a `width`×`height` viewport, best first. */
export function candidateSpots(width: number, height: number, w: number, h: number): PillPosition[] {
  const midRight = Math.max(MARGIN, Math.round(width / 2 - w / 2));
  const midBottom = Math.max(MARGIN, Math.round(height / 2 - h / 2));
  const far = (extent: number, size: number) => Math.max(MARGIN, extent - size - MARGIN);
  return [
    { right: MARGIN, bottom: MARGIN }, // bottom right
    { right: far(width, w), bottom: MARGIN }, // bottom left
    { right: MARGIN, bottom: far(height, h) }, // top right
    { right: far(width, w), bottom: far(height, h) }, // top left
    { right: MARGIN, bottom: midBottom }, // middle right
    { right: far(width, w), bottom: midBottom }, // middle left
    { right: midRight, bottom: MARGIN }, // bottom middle
  ];
}

function isInteractive(el: Element): boolean {
  if (el.closest(INTERACTIVE)) return true;
  const view = el.ownerDocument.defaultView;
  return !!view && view.getComputedStyle(el).cursor === "pointer";
}

/** How many probe points of the rectangle land on an interactive element of the page. */
export function coveredControls(doc: Document, rect: { left: number; top: number; width: number; height: number }, ignore: Element): number {
  if (typeof doc.elementsFromPoint !== "function") return 0;
  let hits = 0;
  for (const fx of [0.05, 0.35, 0.65, 0.95]) {
    for (const fy of [0.1, 0.5, 0.9]) {
      const x = rect.left + rect.width * fx;
      const y = rect.top + rect.height * fy;
      const under = doc.elementsFromPoint(x, y).find((el) => el !== ignore && !ignore.contains(el));
      if (under && under !== doc.documentElement && under !== doc.body && isInteractive(under)) hits++;
    }
  }
  return hits;
}

/** The first spot that covers no control (else the one covering fewest). */
export function freeSpot(doc: Document, size: { w: number; h: number }, ignore: Element): PillPosition {
  const win = doc.defaultView!;
  const spots = candidateSpots(win.innerWidth, win.innerHeight, size.w, size.h);
  let best = spots[0]!;
  let bestHits = Infinity;
  for (const spot of spots) {
    const rect = { left: win.innerWidth - spot.right - size.w, top: win.innerHeight - spot.bottom - size.h, width: size.w, height: size.h };
    const hits = coveredControls(doc, rect, ignore);
    if (hits === 0) return spot;
    if (hits < bestHits) {
      best = spot;
      bestHits = hits;
    }
  }
  return best;
}
