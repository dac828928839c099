/**
 * `@pipecat-ai/client-js` reads `window` (and `window.navigator.userAgent`) when a client is
 * constructed. Node has neither; this adds the smallest shim that satisfies it. Idempotent,
 * and it never replaces anything that already exists.
 */
export function installNodeGlobals(): void {
  const g = globalThis as { window?: unknown; navigator?: { userAgent?: string } };
  if (g.window === undefined) g.window = globalThis;
  if (g.navigator === undefined) {
    Object.defineProperty(globalThis, "navigator", {
      value: { userAgent: `Node.js/${process.versions.node}` },
      configurable: true,
      writable: true,
    });
  }
}
