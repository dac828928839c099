/**
 * Text from the network made safe to print: a bot's transcripts, its error messages, an
 * endpoint's error body and close reasons reach the terminal, and a hostile server could put
 * escape sequences in them (set the window title, clear the screen, write the clipboard with
 * OSC 52) or forge extra lines. Every control character becomes a visible `\xNN`, and the text
 * is cut to a length that keeps one event on one line.
 */

// C0 controls, DEL, C1 controls (ESC, CSI, OSC… all live here), and the Unicode bidi controls
// that reorder what a terminal shows ("Trojan Source").
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every control character shown as `\xNN` / `\uNNNN`, at most `max` characters. */
export function printable(text: string, max = 300): string {
  const clipped = text.length > max * 2 ? text.slice(0, max * 2) : text;
  let out = clipped.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    if (c === "\n" || c === "\r" || c === "\t") return " ";
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
  if (out.length > max || clipped.length < text.length) out = `${out.slice(0, max - 1)}…`;
  return out;
}

