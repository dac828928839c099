// @vitest-environment happy-dom
/**
 * The official package's device contract, in the environment its own tests use (happy-dom):
 * a structural `MediaManager` double passed as `mediaManager` is called exactly as the official
 * transport calls it, and `state` moves the same way. (Our own double and wording; the behaviours
 * are the ones `@pipecat-ai/websocket-transport`'s characterization test locks in.)
 */
import type { PipecatClientOptions, TransportState } from "@pipecat-ai/client-js";
import { describe, expect, it } from "vitest";
import { WebSocketTransport } from "../../src/index.js";

function fakeMediaManager() {
  const calls: string[] = [];
  const clientOptions: unknown[] = [];
  const mm = {
    failInitialize: null as Error | null,
    calls,
    clientOptions,
    setUserAudioCallback: () => calls.push("setUserAudioCallback"),
    setClientOptions: (o: unknown) => {
      calls.push("setClientOptions");
      clientOptions.push(o);
    },
    initialize: async () => {
      calls.push("initialize");
      if (mm.failInitialize) throw mm.failInitialize;
    },
    connect: async () => void calls.push("connect"),
    disconnect: async () => void calls.push("disconnect"),
    userStartedSpeaking: async () => calls.push("userStartedSpeaking"),
    bufferBotAudio: () => undefined,
    getAllMics: async () => [],
    getAllCams: async () => [],
    getAllSpeakers: async () => [],
    updateMic: () => {},
    updateCam: () => {},
    updateSpeaker: () => {},
    selectedMic: {},
    selectedCam: {},
    selectedSpeaker: {},
    enableMic: () => {},
    enableCam: () => {},
    enableScreenShare: () => {},
    isCamEnabled: false,
    isMicEnabled: true,
    isSharingScreen: false,
    supportsScreenShare: false,
    tracks: () => ({ local: {} }),
  };
  return mm;
}

function wire(transport: WebSocketTransport, overrides: Partial<PipecatClientOptions> = {}) {
  const states: TransportState[] = [];
  transport.initialize(
    { transport, enableMic: true, enableCam: false, ...overrides, callbacks: { onTransportStateChanged: (s) => states.push(s) } } as PipecatClientOptions,
    () => {},
  );
  return states;
}

describe("the official MediaManager contract", () => {
  it("starts disconnected, and registers the user-audio callback at construction", () => {
    const mm = fakeMediaManager();
    const transport = new WebSocketTransport({ mediaManager: mm as never });
    expect(transport.state).toBe("disconnected");
    expect(mm.calls).toEqual(["setUserAudioCallback"]);
  });

  it("initDevices(): initializing → initialized, one initialize() per call (every call re-initializes)", async () => {
    const mm = fakeMediaManager();
    const transport = new WebSocketTransport({ mediaManager: mm as never });
    const states = wire(transport);
    await transport.initDevices();
    await transport.initDevices();
    expect(mm.calls.filter((c) => c === "initialize")).toHaveLength(2);
    expect(states).toEqual(["initializing", "initialized", "initializing", "initialized"]);
    expect(transport.state).toBe("initialized");
  });

  it.each([
    { enableMic: true, enableCam: false },
    { enableMic: false, enableCam: true },
  ])("initialize(%j) hands the client options to setClientOptions once", (opts) => {
    const mm = fakeMediaManager();
    const transport = new WebSocketTransport({ mediaManager: mm as never });
    wire(transport, opts);
    expect(mm.clientOptions).toHaveLength(1);
    expect(mm.clientOptions[0]).toMatchObject(opts);
  });

  it("a failing initialize() rejects initDevices() and leaves the state at initializing", async () => {
    const mm = fakeMediaManager();
    mm.failInitialize = new Error("wav init failed");
    const transport = new WebSocketTransport({ mediaManager: mm as never });
    const states = wire(transport);
    await expect(transport.initDevices()).rejects.toThrow("wav init failed");
    expect(transport.state).toBe("initializing");
    expect(states).toEqual(["initializing"]);
  });
});
