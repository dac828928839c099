/**
 * A drag gesture: `move` for every pointer move until the pointer is released or the gesture is
 * cancelled (a touch taken over by scrolling, a lost capture), then `done` once. One helper for
 * the pill, the dock's resize handle and the diagram's pan, so none of them can miss the end.
 */
export function followPointer(win: Window, move: (e: PointerEvent) => void, done: () => void = () => {}): void {
  const end = () => {
    win.removeEventListener("pointermove", move);
    win.removeEventListener("pointerup", end);
    win.removeEventListener("pointercancel", end);
    done();
  };
  win.addEventListener("pointermove", move);
  win.addEventListener("pointerup", end);
  win.addEventListener("pointercancel", end);
}
