/**
 * Bench page for the official `@pipecat-ai/websocket-transport`, driven through `PipecatClient`
 * exactly like ours. `?media=daily` uses its default media manager (DailyMediaManager, which
 * needs daily-js); `?media=wav` passes the Daily-free `WavMediaManager` the package also exports,
 * with a 768-byte mic chunk (16 ms at 24 kHz: the duration its default 512-byte chunk gives at
 * its default 16 kHz) and a 24 kHz recorder, because its player is fixed at 24 kHz and the echo
 * bot returns audio at the recorder's rate. The harness reaches into `_mediaManager` (not public
 * API) for the player's AudioContext and node, and for the source node of its recorder (in a
 * context of its own).
 */
import "./timedSocket.js";
import { PipecatClient } from "@pipecat-ai/client-js";
import { WavMediaManager, WebSocketTransport } from "@pipecat-ai/websocket-transport";
import { installHarness } from "./harness.js";

/**
 * The parts of the official media managers' internals the harness taps: its player makes a new
 * worklet node (`stream`) in `_start()` whenever audio resumes after running dry, and
 * disconnects everything downstream of its analyser then, so the tap follows `_start()`.
 */
interface OfficialPlayer {
  context: AudioContext | null;
  stream: AudioWorkletNode | null;
  _start(): boolean;
}
interface OfficialInternals {
  _mediaManager: { _wavStreamPlayer?: OfficialPlayer; _wavRecorder?: { source?: MediaStreamAudioSourceNode | null } };
}

const media = new URLSearchParams(location.search).get("media") ?? "daily";
let client: PipecatClient | undefined;
let transport: WebSocketTransport | undefined;

installHarness({
  async connect(wsUrl) {
    transport =
      media === "wav"
        ? new WebSocketTransport({ mediaManager: new WavMediaManager(768, 24000), recorderSampleRate: 24000, playerSampleRate: 24000 })
        : new WebSocketTransport();
    client = new PipecatClient({ transport, enableMic: true, enableCam: false });
    await client.connect({ wsUrl });
  },
  output() {
    const player = (transport as unknown as OfficialInternals | undefined)?._mediaManager._wavStreamPlayer;
    const ctx = player?.context;
    if (!player || !ctx) return undefined;
    return {
      context: ctx,
      tap(node, input) {
        const start = player._start.bind(player);
        player._start = () => {
          const r = start();
          player.stream?.connect(node, 0, input);
          return r;
        };
        player.stream?.connect(node, 0, input);
      },
    };
  },
  micTrack() {
    return client?.tracks().local.audio ?? undefined;
  },
  micSource() {
    return (transport as unknown as OfficialInternals | undefined)?._mediaManager._wavRecorder?.source ?? undefined;
  },
  async disconnect() {
    await client?.disconnect();
  },
});
