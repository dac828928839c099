/**
 * A PipecatClient with our Node transport (no audio device, a recording logger) against a fresh
 * fake bot, with every inspection event kept: what tests of inspection and of the outbound
 * bounds start from. The client disconnects and the bot closes in the test's cleanups.
 */
import { PipecatClient } from "@pipecat-ai/client-js";
import { StreamAudioIO } from "../../src/audio/StreamAudioIO.js";
import type { InspectionEvent } from "../../src/inspect/InspectionEvent.js";
import { WebSocketTransport } from "../../src/node/index.js";
import { FakeBot } from "./fakeBot.js";
import { recordingLogger } from "./quietLogger.js";

type Cleanups = Array<() => Promise<unknown> | unknown>;

export async function inspectedSession(
  cleanups: Cleanups,
  bot: Parameters<typeof FakeBot.start>[0],
  options: ConstructorParameters<typeof WebSocketTransport>[0] = {},
) {
  const server = await FakeBot.start(bot);
  const transport = new WebSocketTransport({ audio: new StreamAudioIO(), logger: recordingLogger(), ...options });
  const client = new PipecatClient({ transport, enableMic: false, enableCam: false });
  cleanups.push(async () => {
    await client.disconnect().catch(() => {});
    await server.close();
  });
  const events: InspectionEvent[] = [];
  transport.inspect((e) => events.push(e));
  return { server, transport, client, events };
}
