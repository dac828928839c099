/**
 * The audio formats trusted from the network. A frame outside them is malformed, not resampled:
 * a 1 Hz frame after a 24 kHz one would otherwise cost a resampler seconds of work, and no
 * Pipecat server sends anything but 8–48 kHz mono or stereo.
 */

/** Lowest sample rate accepted from the network, in Hz. */
export const MIN_NETWORK_SAMPLE_RATE = 8_000;
/** Highest sample rate accepted from the network, in Hz. */
export const MAX_NETWORK_SAMPLE_RATE = 48_000;
/** Most channels accepted from the network. */
export const MAX_NETWORK_CHANNELS = 2;

/** True for an integer rate in 8000–48000 Hz and 1–2 channels. */
export function isNetworkAudioFormat(sampleRate: number, numChannels: number): boolean {
  return (
    Number.isInteger(sampleRate) &&
    sampleRate >= MIN_NETWORK_SAMPLE_RATE &&
    sampleRate <= MAX_NETWORK_SAMPLE_RATE &&
    Number.isInteger(numChannels) &&
    numChannels >= 1 &&
    numChannels <= MAX_NETWORK_CHANNELS
  );
}
