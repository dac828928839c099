// Bundle fixture: client-js + our transport, as an app would use it.
import { PipecatClient } from "@pipecat-ai/client-js";
import { WebSocketTransport } from "../../src/index.js";
(window as unknown as Record<string, unknown>).start = () => new PipecatClient({ transport: new WebSocketTransport(), enableMic: true });
