/**
 * The BUILT package as its consumers meet it (npm test builds first): code written against the
 * official 1.7.1 package type-checks against our declarations with only the import redirected;
 * `require()` works for CommonJS users (Jest) on every entry, with types for both module kinds;
 * and importing the browser entry in Node points to `pipecat-ws-transport/node`.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const work = mkdtempSync(join(tmpdir(), "pwt-consumers-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function tsc(project: string): { code: number; out: string } {
  const r = spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", project], { encoding: "utf8", timeout: 60_000 });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

describe("the built package for its consumers", () => {
  it("type-checks typical @pipecat-ai/websocket-transport 1.7.1 user code with only the import redirected", () => {
    const project = join(work, "tsconfig.official.json");
    writeFileSync(
      project,
      JSON.stringify({
        compilerOptions: {
          target: "ES2022", module: "ESNext", moduleResolution: "Bundler", strict: true, noEmit: true, skipLibCheck: false,
          lib: ["ES2022", "DOM", "DOM.Iterable"], types: [], baseUrl: root,
          paths: { "@pipecat-ai/websocket-transport": [join(root, "dist/types/src/index.d.ts")] },
        },
        files: [join(root, "test/bundle/fixtures/officialUserCode.ts")],
      }),
    );
    const r = tsc(project);
    expect(r.out).toBe("");
    expect(r.code).toBe(0);
  });

  it("require() loads every entry (CommonJS build), and the main entry constructs a transport", () => {
    const script = `
      globalThis.window = globalThis;
      const main = require(${JSON.stringify(join(root, "dist/cjs/index.cjs"))});
      const node = require(${JSON.stringify(join(root, "dist/cjs/node.cjs"))});
      const server = require(${JSON.stringify(join(root, "dist/cjs/server.cjs"))});
      const t = new node.WebSocketTransport();
      console.log(JSON.stringify([typeof main.WebSocketTransport, typeof main.WavMediaManager, typeof server.startDevServer, t.state]));
    `;
    const out = execFileSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 30_000 });
    expect(JSON.parse(out.trim())).toEqual(["function", "function", "function", "disconnected"]);
  });

  it("has declarations for require() users (node16 resolution, CommonJS file)", () => {
    const dir = mkdtempSync(join(work, "cjs-"));
    writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "commonjs" }));
    writeFileSync(
      join(dir, "use.cts"),
      `import { WebSocketTransport } from "pipecat-ws-transport/node";\nconst t: WebSocketTransport = new WebSocketTransport();\nexport = t;\n`,
    );
    const project = join(dir, "tsconfig.json");
    writeFileSync(
      project,
      JSON.stringify({
        compilerOptions: { module: "Node16", moduleResolution: "Node16", strict: true, noEmit: true, skipLibCheck: true, types: [], lib: ["ES2022", "DOM"] },
        files: [join(dir, "use.cts")],
      }),
    );
    // Resolve the package by name, as a consumer would: a node_modules link to this checkout.
    execFileSync("mkdir", ["-p", join(dir, "node_modules")]);
    execFileSync("ln", ["-s", root, join(dir, "node_modules/pipecat-ws-transport")]);
    execFileSync("ln", ["-s", join(root, "node_modules/@pipecat-ai"), join(dir, "node_modules/@pipecat-ai")]);
    const r = tsc(project);
    expect(r.out).toBe("");
    expect(r.code).toBe(0);
  });

  it("a transport from the browser entry in Node says to use pipecat-ws-transport/node", async () => {
    const script = `
      globalThis.window = globalThis;
      import(${JSON.stringify(join(root, "dist/index.js"))}).then(async (m) => {
        const t = new m.WebSocketTransport();
        t.initialize({ transport: t, callbacks: {} }, () => {});
        try { await t.connect({ wsUrl: "ws://127.0.0.1:9/ws" }); } catch (e) { console.log(e.message); }
      });
    `;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 30_000 });
    expect(out).toMatch(/pipecat-ws-transport\/node/);
  });
});
