/**
 * BrowserAudioIO's option checks (Node: no devices needed): defaults, and errors that name the
 * option and the fix.
 */
import { describe, expect, it } from "vitest";
import { checkRate, resolveAudioOptions } from "../../../src/audio/browser/options.js";
import { toDeviceError } from "../../../src/audio/browser/devices.js";

describe("BrowserAudioIO options", () => {
  it("defaults: processing on, 10 ms chunks, 100 ms levels, 30 s buffer, audible", () => {
    expect(resolveAudioOptions()).toMatchObject({
      echoCancellation: true,
      noiseSuppression: true,
      autoGainControl: true,
      chunkMs: 10,
      levelIntervalMs: 100,
      maxBufferMs: 30_000,
      playAudio: true,
    });
  });

  it("names the option in every error", () => {
    expect(() => resolveAudioOptions({ chunkMs: 0 })).toThrow(/chunkMs must be a number of milliseconds from 5 to 1000/);
    expect(() => resolveAudioOptions({ echoCancellation: "yes" as never })).toThrow(/echoCancellation must be true or false/);
    expect(() => resolveAudioOptions({ micDeviceId: 3 as never })).toThrow(/micDeviceId must be a deviceId string/);
    expect(() => resolveAudioOptions(null as never)).toThrow(/options must be an object/);
    expect(() => checkRate(44100.5, "recorderSampleRate")).toThrow(/recorderSampleRate must be an integer rate in Hz/);
    expect(checkRate(8000, "recorderSampleRate")).toBe(8000);
  });

  it("classifies getUserMedia failures as client-js device errors", () => {
    const named = (name: string, extra: object = {}) => Object.assign(new Error(name), { name, ...extra });
    expect(toDeviceError(named("NotAllowedError"), ["mic"]).type).toBe("permissions");
    expect(toDeviceError(named("NotReadableError"), ["mic"]).type).toBe("in-use");
    expect(toDeviceError(named("NotFoundError"), ["mic"]).type).toBe("not-found");
    expect(toDeviceError(named("OverconstrainedError", { constraint: "deviceId" }), ["mic"]).type).toBe("not-found");
    expect(toDeviceError(named("OverconstrainedError", { constraint: "sampleRate" }), ["mic"]).type).toBe("constraints");
    expect(toDeviceError("weird", ["speaker"])).toMatchObject({ type: "unknown", devices: ["speaker"] });
  });
});
