/**
 * Raw bytes for the frame log: a bounded copy kept per row, a hex dump to show it (offset, hex,
 * printable ASCII, like `xxd`), and a compact hex string to carry it in an exported session.
 * Bytes whose text looks like it carries a secret (a `"token": "…"` in an RTVI payload, a
 * `?token=` URL) are not kept at all: a hex view would show the secret in its ASCII column.
 */
import { redactString } from "../../../src/common/redact.js";

/** A copy of at most `max` bytes of `bytes` (a row must not keep the whole received buffer alive). */
export function boundedCopy(bytes: Uint8Array, max: number): Uint8Array {
  return bytes.slice(0, Math.max(0, max));
}

/** True if the bytes, read as text, contain something the redaction rules would hide. */
export function bytesLookSecret(bytes: Uint8Array): boolean {
  let text = "";
  for (let i = 0; i < bytes.length; i += 4096) text += String.fromCharCode(...bytes.subarray(i, i + 4096));
  return redactString(text) !== text;
}

/** A bounded copy of `bytes` safe to show, or null if they look like they carry a secret. */
export function safeWire(bytes: Uint8Array, max: number): Uint8Array | null {
  const copy = boundedCopy(bytes, max);
  return bytesLookSecret(copy) ? null : copy;
}

/** `xxd`-style lines: `0000  0a 1b … 16 bytes  |..ascii.........|`. */
export function hexDump(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += 16) {
    const chunk = bytes.subarray(offset, offset + 16);
    let hex = "";
    let ascii = "";
    for (let i = 0; i < 16; i++) {
      if (i === 8) hex += " ";
      if (i < chunk.length) {
        const b = chunk[i]!;
        hex += `${b.toString(16).padStart(2, "0")} `;
        ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".";
      } else {
        hex += "   ";
      }
    }
    lines.push(`${offset.toString(16).padStart(4, "0")}  ${hex} |${ascii}|`);
  }
  return lines.join("\n");
}

/** Bytes as a lower-case hex string (for JSON). */
export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}

/** The inverse of {@link toHex}; null if `text` is not an even-length hex string. */
export function fromHex(text: string): Uint8Array | null {
  if (text.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(text)) return null;
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return out;
}
