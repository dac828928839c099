// tsc does not copy hand-placed .d.ts files: put the generated protobuf types beside the emitted ones.
import { copyFileSync, mkdirSync } from "node:fs";
mkdirSync("dist/types/src/serializers/generated", { recursive: true });
copyFileSync("src/serializers/generated/frames.d.ts", "dist/types/src/serializers/generated/frames.d.ts");
