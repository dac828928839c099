/**
 * Who may use the dev server: loopback hosts, allowed browser origins, the connection token.
 * Kept apart from the server so the rules are easy to read and to test.
 */
import { timingSafeEqual } from "node:crypto";

/** True for hosts that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h) || h === "::ffff:127.0.0.1";
}

/** Which browser origins may connect: a list, any (`"*"`), or by default pages served from loopback. */
export type AllowedOrigins = readonly string[] | "*" | "loopback";

/**
 * Whether a request with this `Origin` header may use the server. Requests without an Origin
 * are not from a browser page (Node clients, curl) and are allowed: the Origin check exists to
 * stop other web sites from driving the bot through a visitor's browser.
 */
export function isOriginAllowed(origin: string | undefined, allowed: AllowedOrigins): boolean {
  if (origin === undefined) return true;
  if (allowed === "*") return true;
  if (allowed === "loopback") {
    try {
      const u = new URL(origin);
      return (u.protocol === "http:" || u.protocol === "https:") && isLoopbackHost(u.hostname);
    } catch {
      return false; // "null" (file:// pages, sandboxed iframes) and garbage
    }
  }
  return allowed.includes(origin);
}

/** Constant-time token comparison (no early exit that leaks the matching prefix length). */
export function tokenMatches(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
