/**
 * Library build: one ESM file (dist/NAME.js) and one CommonJS file (dist/cjs/NAME.cjs) per
 * package entry, dependencies left external. CommonJS is for `require()` users (Jest, older
 * bundlers), as the official package ships it. Entries whose source does not exist yet are
 * skipped, so the build works while features land.
 */
import { existsSync } from "node:fs";
import { builtinModules } from "node:module";
import { defineConfig } from "vite";

const entries: Record<string, string> = {
  index: "src/index.ts",
  node: "src/node/index.ts",
  server: "src/server/index.ts",
  cli: "src/cli/index.ts",
  devtools: "devtools/src/index.ts",
};

const external = [
  /^@pipecat-ai\//,
  /^xstate/,
  /^protobufjs/,
  /^long$/,
  /^ws$/,
  /^preact/,
  /^@statelyai\//,
  /^node:/,
  ...builtinModules,
];

export default defineConfig({
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    minify: false,
    sourcemap: true,
    lib: {
      entry: Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(file))),
      formats: ["es", "cjs"],
      fileName: (format, name) => (format === "cjs" ? `cjs/${name}.cjs` : `${name}.js`),
    },
    rollupOptions: { external },
  },
});
