/**
 * Loads the recorder and player processors into an AudioContext from a Blob URL, so the library
 * works with any bundler (or none) and no extra file to serve. Pages whose Content-Security-Policy
 * restricts `script-src` must allow `blob:` for this to work.
 *
 * The worklet code ships as a pre-minified string (`generated/workletSource.ts`, made by
 * `npm run worklet` from the processor functions): a string literal is the one form no app
 * toolchain rewrites, whereas a function's own `toString()` would carry whatever helpers the
 * app's build inserts (esbuild `keepNames` adds calls to a renamed `__name`), which the worklet
 * scope does not have.
 */
import { DSP_SOURCE, PROCESSORS_SOURCE } from "./generated/workletSource.js";

export { PLAYER_PROCESSOR_NAME, RECORDER_PROCESSOR_NAME } from "./messages.js";

/** The whole worklet module: the shared resampler and both processors. */
export const WORKLET_MODULE_SOURCE = DSP_SOURCE + PROCESSORS_SOURCE;

// One load per context: registerProcessor throws if a name is registered twice in a scope.
const loaded = new WeakMap<BaseAudioContext, Promise<void>>();

/** Adds the processors to `context` (once; later calls share the first promise). */
export function loadWorklets(context: BaseAudioContext): Promise<void> {
  let p = loaded.get(context);
  if (!p) {
    if (!context.audioWorklet) {
      return Promise.reject(new Error("BrowserAudioIO needs AudioWorklet, which browsers offer only in secure contexts: serve the page over https or from localhost"));
    }
    const url = URL.createObjectURL(new Blob([WORKLET_MODULE_SOURCE], { type: "application/javascript" }));
    p = context.audioWorklet.addModule(url).finally(() => URL.revokeObjectURL(url));
    p.catch(() => loaded.delete(context));
    loaded.set(context, p);
  }
  return p;
}
