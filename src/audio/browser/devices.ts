/**
 * Media devices: opening the mic with the configured processing, listing inputs and outputs, and
 * turning `getUserMedia` failures into client-js `DeviceError`s (what `onDeviceError` expects).
 */
import { DeviceError, type DeviceArray, type DeviceErrorType } from "@pipecat-ai/client-js";

/** Mic processing switches passed to `getUserMedia`. */
export interface MicProcessing {
  echoCancellation: boolean;
  noiseSuppression: boolean;
  autoGainControl: boolean;
}

/** The browser's media devices, or a `DeviceError` explaining why there are none. */
export function mediaDevices(): MediaDevices {
  const md = typeof navigator !== "undefined" ? navigator.mediaDevices : undefined;
  if (!md) {
    throw new DeviceError(["mic", "speaker"], "undefined-mediadevices", "navigator.mediaDevices is unavailable: serve the page over https or from localhost");
  }
  return md;
}

/** Opens a mic (`deviceId` exact when given), mono if the browser can. */
export async function openMic(deviceId: string | undefined, processing: MicProcessing): Promise<MediaStream> {
  try {
    return await mediaDevices().getUserMedia({
      audio: {
        ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
        echoCancellation: processing.echoCancellation,
        noiseSuppression: processing.noiseSuppression,
        autoGainControl: processing.autoGainControl,
        channelCount: { ideal: 1 },
      },
      video: false,
    });
  } catch (e) {
    throw toDeviceError(e, ["mic"]);
  }
}

/** Devices of one kind (labels are empty until the user has granted mic access). */
export async function listDevices(kind: MediaDeviceKind): Promise<MediaDeviceInfo[]> {
  const all = await mediaDevices().enumerateDevices();
  return all.filter((d) => d.kind === kind);
}

/** The `MediaDeviceInfo` a live track comes from, if it is listed. */
export function deviceOfTrack(track: MediaStreamTrack, devices: readonly MediaDeviceInfo[]): MediaDeviceInfo | undefined {
  const id = track.getSettings().deviceId;
  return devices.find((d) => d.deviceId === id) ?? devices.find((d) => d.label !== "" && d.label === track.label);
}

/** Classifies a `getUserMedia` / `setSinkId` failure. */
export function toDeviceError(e: unknown, devices: DeviceArray): DeviceError {
  if (e instanceof DeviceError) return e;
  const name = (e as { name?: unknown })?.name;
  const message = String((e as { message?: unknown })?.message ?? e);
  const type: DeviceErrorType =
    name === "NotAllowedError" || name === "SecurityError" ? "permissions"
    : name === "NotFoundError" ? "not-found"
    : name === "OverconstrainedError" ? ((e as { constraint?: unknown }).constraint === "deviceId" ? "not-found" : "constraints")
    : name === "NotReadableError" || name === "AbortError" ? "in-use"
    : "unknown";
  return new DeviceError(devices, type, message, e instanceof Error ? { sourceError: e } : undefined);
}
