// After `tsc` emits declarations into dist/types:
// 1. tsc does not copy hand-placed .d.ts files: put the generated protobuf types beside the emitted ones.
// 2. CommonJS users get the same declarations under dist/cjs/types, in a folder whose package.json
//    says "commonjs", so TypeScript reads them as the types of the `require` build (dist/cjs/*.cjs).
import { copyFileSync, cpSync, mkdirSync, writeFileSync } from "node:fs";
mkdirSync("dist/types/src/serializers/generated", { recursive: true });
copyFileSync("src/serializers/generated/frames.d.ts", "dist/types/src/serializers/generated/frames.d.ts");
cpSync("dist/types", "dist/cjs/types", { recursive: true });
writeFileSync("dist/cjs/package.json", JSON.stringify({ type: "commonjs" }, null, 2) + "\n");
