/**
 * The package's version for `pipecat-ws --version`: package.json's, inlined by the build (so
 * the published dist/cli.js says the version it was built as; run from source, the checkout's).
 */
import { version } from "../../package.json";

/** `0.1.0` */
export function packageVersion(): string {
  return version;
}
