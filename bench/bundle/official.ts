// Bundle fixture: client-js + the official @pipecat-ai/websocket-transport, used the same way.
import { PipecatClient } from "@pipecat-ai/client-js";
import { WebSocketTransport } from "@pipecat-ai/websocket-transport";
(window as unknown as Record<string, unknown>).start = () => new PipecatClient({ transport: new WebSocketTransport(), enableMic: true });
