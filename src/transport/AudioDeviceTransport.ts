/**
 * The device half of the client-js `Transport` contract, delegated to the audio I/O: mics,
 * speakers, mute and tracks. This transport carries no video: camera and screen-share methods
 * answer as the official transport does (`updateCam` is a no-op; enabling a camera throws).
 */
import { Transport, UnsupportedFeatureError, type Tracks } from "@pipecat-ai/client-js";
import type { AudioIO } from "../audio/AudioIO.js";
import type { Logger } from "../common/logging.js";

export abstract class AudioDeviceTransport extends Transport {
  protected abstract readonly audio: AudioIO;
  protected abstract readonly logger: Logger;

  getAllMics(): Promise<MediaDeviceInfo[]> {
    return this.audio.getAllMics?.() ?? Promise.resolve([]);
  }
  getAllCams(): Promise<MediaDeviceInfo[]> {
    return Promise.resolve([]);
  }
  getAllSpeakers(): Promise<MediaDeviceInfo[]> {
    return this.audio.getAllSpeakers?.() ?? Promise.resolve([]);
  }
  async updateMic(micId: string): Promise<void> {
    await this.audio.updateMic?.(micId);
  }
  /** No camera: a no-op, like the official transport. */
  updateCam(_camId: string): void {}
  updateSpeaker(speakerId: string): void {
    void Promise.resolve(this.audio.updateSpeaker?.(speakerId)).catch((e: unknown) => this.logger.error("updateSpeaker failed:", e));
  }
  get selectedMic(): MediaDeviceInfo | Record<string, never> {
    return this.audio.selectedMic ?? {};
  }
  get selectedCam(): Record<string, never> {
    return {};
  }
  get selectedSpeaker(): MediaDeviceInfo | Record<string, never> {
    return this.audio.selectedSpeaker ?? {};
  }
  enableMic(enable: boolean): void {
    this.audio.enableMic(enable);
  }
  enableCam(enable: boolean): void {
    if (enable) throw new UnsupportedFeatureError("enableCam", "WebSocketTransport", "this transport carries audio only");
  }
  enableScreenShare(enable: boolean): void {
    if (enable) throw new UnsupportedFeatureError("enableScreenShare", "WebSocketTransport", "this transport carries audio only");
  }
  get isCamEnabled(): boolean {
    return false;
  }
  get isMicEnabled(): boolean {
    return this.audio.isMicEnabled;
  }
  get isSharingScreen(): boolean {
    return false;
  }
  tracks(): Tracks {
    return this.audio.tracks?.() ?? { local: {} };
  }
}
