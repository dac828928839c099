/**
 * The colour a state reads as, from its path alone (so a new state gets one without a list):
 * `ok` once ready, `warn` while on the way (connecting, handshaking, reconnecting, …), `bad`
 * when disconnected by a failure, `idle` otherwise.
 */

export type Tone = "ok" | "warn" | "bad" | "idle";

const ON_THE_WAY = /(connecting|handshaking|resolving|refreshing|opening|backoff|reconnecting|authenticating|initializing)/i;

export function stateTone(state: string, failed: boolean): Tone {
  const leaf = state.split(".").pop() ?? state;
  if (/ready/i.test(leaf)) return "ok";
  if (/disconnected/i.test(state)) return failed ? "bad" : "idle";
  if (ON_THE_WAY.test(state)) return "warn";
  return "idle";
}

/** True if the machine context says the session failed (`failure` or `error` set). */
export function contextFailed(context: unknown): boolean {
  if (!context || typeof context !== "object") return false;
  const c = context as Record<string, unknown>;
  return (c.failure !== null && c.failure !== undefined) || (c.error !== null && c.error !== undefined);
}
