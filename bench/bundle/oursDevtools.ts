// Bundle fixture: client-js + our transport + the devtools panel mounted on it. Mounted, the panel
// is its pill; its UI (and the Stately inspector) are lazy chunks, which the bench counts too (it
// sums every chunk of the build), so the figure is the panel's whole cost, opened and inspected.
import { PipecatClient } from "@pipecat-ai/client-js";
import { WebSocketTransport } from "../../src/index.js";
import { mountDevtools } from "../../devtools/src/index.js";
(window as unknown as Record<string, unknown>).start = () => {
  const transport = new WebSocketTransport();
  mountDevtools(transport);
  return new PipecatClient({ transport, enableMic: true });
};
