/**
 * Launches Debian's headless Chromium through playwright-core (test tools cannot download
 * browsers here). Pass `fakeMicWav` to feed the fake microphone from a WAV file.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface LaunchOptions {
  /** WAV file the fake microphone plays (looped by Chromium). */
  fakeMicWav?: string;
  extraArgs?: string[];
}

/** A launched browser and a function that closes it and removes its profile. */
export async function launchChromium(options: LaunchOptions = {}): Promise<{ browser: Browser; close(): Promise<void> }> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: run 'apt-get install -y chromium' or set CHROMIUM_PATH`);
  }
  const profile = mkdtempSync(join(tmpdir(), "pwt-chromium-"));
  const args = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    // Nothing but loopback resolves: a page (e.g. the official package's Daily SDK, which fetches
    // code from a CDN) cannot even send a DNS query off this machine.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    "--autoplay-policy=no-user-gesture-required",
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    ...(options.fakeMicWav ? [`--use-file-for-fake-audio-capture=${options.fakeMicWav}`] : []),
    ...(options.extraArgs ?? []),
  ];
  // Playwright refuses --user-data-dir with launch(); it makes (and removes) a temp profile itself.
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args });
  return {
    browser,
    async close() {
      await browser.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
