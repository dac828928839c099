/**
 * One demo harness per browser test file: started before its tests, closed after them (kept
 * apart from demoHarness.ts, which the screenshot script also runs outside vitest).
 */
import { mkdirSync } from "node:fs";
import { afterAll, beforeAll } from "vitest";
import { startDemoHarness, type DemoHarness } from "./demoHarness.js";

/** Where browser tests of the demo put their screenshots (git-ignored). */
export const ARTIFACTS = "test-artifacts/devtools";

/** Registers the harness's start and close; the returned function gives it to a test. */
export function demoHarnessForSuite(): () => DemoHarness {
  let h: DemoHarness | undefined;
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    h = await startDemoHarness();
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });
  return () => {
    if (!h) throw new Error("the demo harness did not start (see beforeAll)");
    return h;
  };
}
