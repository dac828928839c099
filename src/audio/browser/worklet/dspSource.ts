/**
 * The resampler both audio worklets share, as worklet code: the source text of
 * `defineResampler` (`src/pcm/streamingResampler.ts`, the same class the Node PCM16 helpers
 * use). Not imported at runtime: `npm run worklet` minifies this text into
 * `generated/workletSource.ts`, which is what ships and what the tests evaluate.
 */
import { defineResampler } from "../../../pcm/streamingResampler.js";

/** Worklet code (unminified): defines `PwtResampler` in the worklet's global scope. */
export const RESAMPLER_CODE = `const PwtResampler = (${defineResampler})();\n`;
