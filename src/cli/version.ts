/**
 * The package's version for `pipecat-ws --version`, read from its package.json: the nearest one
 * named pipecat-ws-transport above this file (dist/cli.js in the package, src/cli/ in a checkout).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** `0.1.0`, or `unknown` when no package.json is found. */
export function packageVersion(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (let i = 0; i < 6; i++) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      try {
        const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: unknown; version?: unknown };
        if (pkg.name === "pipecat-ws-transport" && typeof pkg.version === "string") return pkg.version;
      } catch {
        // unreadable: keep looking up
      }
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return "unknown";
}
