/**
 * Checks the BUILT package (npm test builds before testing): the main entry must carry no
 * devtools code and no Node-only imports, so a page that imports it pays for neither.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";

const DIST = "dist";

/** Every file reachable from `entry` through relative imports, and every bare import they make. */
function importGraph(entry: string): { files: string[]; bare: Set<string> } {
  const files: string[] = [];
  const bare = new Set<string>();
  const queue = [join(DIST, entry)];
  while (queue.length) {
    const file = queue.shift()!;
    if (files.includes(file)) continue;
    files.push(file);
    // Comments may quote import lines (doc examples): drop them before looking.
    const source = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
    for (const m of source.matchAll(/^\s*(?:import|export)\s*(?:[^"';]*?from\s*)?["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/gm)) {
      const spec = m[1] ?? m[2]!;
      if (spec.startsWith(".")) queue.push(join(dirname(file), spec));
      else bare.add(spec);
    }
  }
  return { files, bare };
}

describe("built entries", () => {
  it("exist (run `npm run build` first)", () => {
    for (const entry of ["index.js", "node.js", "server.js", "devtools.js", "cli.js"]) expect(existsSync(join(DIST, entry)), entry).toBe(true);
  });

  it("the main entry contains no devtools code and imports no Preact", () => {
    const { files, bare } = importGraph("index.js");
    expect([...bare].filter((s) => s.startsWith("preact") || s.startsWith("@statelyai/"))).toEqual([]);
    const code = files.map((f) => readFileSync(f, "utf8")).join("\n");
    expect(code).not.toMatch(/mountDevtools|devtools\/src|pwt-devtools/);
    expect(files.some((f) => f.includes("devtools"))).toBe(false);
  });

  it("the main entry runs in a browser: no Node built-ins, no ws", () => {
    const { bare } = importGraph("index.js");
    expect([...bare].filter((s) => s.startsWith("node:") || s === "ws" || /^(fs|path|http|net|os|child_process)$/.test(s))).toEqual([]);
    expect([...bare].sort()).toEqual(["@pipecat-ai/client-js", "protobufjs/minimal.js", "xstate"]);
  });

  it("the devtools entry is where Preact comes in", () => {
    const { bare } = importGraph("devtools.js");
    expect([...bare]).toContain("preact");
  });
});
