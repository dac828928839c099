// Bundle fixture: client-js alone (the baseline every app pays, whichever transport it uses).
import { PipecatClient, type Transport } from "@pipecat-ai/client-js";
(window as unknown as Record<string, unknown>).start = (transport: Transport) => new PipecatClient({ transport, enableMic: true });
