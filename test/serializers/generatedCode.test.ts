import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

describe("generated protobuf code", () => {
  it("is up to date with proto/frames.proto (run `npm run proto` if this fails)", () => {
    const dir = mkdtempSync(join(tmpdir(), "pwt-proto-"));
    try {
      execFileSync("node", ["scripts/gen-proto.mjs", dir], { stdio: "pipe" });
      for (const file of ["frames.js", "frames.d.ts"]) {
        const fresh = readFileSync(join(dir, file), "utf8");
        const committed = readFileSync(join("src/serializers/generated", file), "utf8");
        expect(committed, `${file} differs from a fresh generation`).toBe(fresh);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("declares all five frame kinds, interruption as oneof field 5", () => {
    const proto = readFileSync("proto/frames.proto", "utf8");
    for (const [name, field] of [["text", 1], ["audio", 2], ["transcription", 3], ["message", 4], ["interruption", 5]] as const) {
      expect(proto).toMatch(new RegExp(`\\s${name} = ${field};`));
    }
  });
});
