/**
 * "Open in Stately inspector": loads `@statelyai/inspect` only when asked (a dynamic import, so
 * it costs nothing otherwise), registers the transport's live actor with its definition, and
 * forwards the actor system's inspection events from then on. Contexts and events are redacted
 * before they leave the page (the socket URL may carry a token).
 */
import type { ActorLike } from "../types.js";
import { redactValue } from "../../../src/common/redact.js";

/** Stops forwarding (the inspector window stays open). */
export type StopInspecting = () => void;

export async function openStatelyInspector(actor: ActorLike): Promise<StopInspecting> {
  const { createBrowserInspector } = await import("@statelyai/inspect");
  const inspector = createBrowserInspector({
    sanitizeContext: (context) => redactValue(context) as typeof context,
    sanitizeEvent: (event) => redactValue(event) as typeof event,
  });
  const snapshot = actor.getSnapshot() as { value?: unknown; context?: unknown; status?: "active" | "done" | "error" | "stopped" };
  // The actor started before the inspector existed: announce it with its definition first.
  inspector.actor(actor as never, { value: snapshot.value, context: redactValue(snapshot.context), status: snapshot.status }, {
    definition: actor.logic.toJSON ? JSON.stringify(actor.logic.toJSON()) : undefined,
  } as { definition?: string });
  const subscription = actor.system.inspect((event) => inspector.inspect.next?.(event as never));
  return () => {
    subscription.unsubscribe();
    inspector.stop();
  };
}
