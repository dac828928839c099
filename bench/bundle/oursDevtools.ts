// Bundle fixture: client-js + our transport + the devtools panel mounted on it.
import { PipecatClient } from "@pipecat-ai/client-js";
import { WebSocketTransport } from "../../src/index.js";
import { mountDevtools } from "../../devtools/src/index.js";
(window as unknown as Record<string, unknown>).start = () => {
  const transport = new WebSocketTransport();
  mountDevtools(transport);
  return new PipecatClient({ transport, enableMic: true });
};
