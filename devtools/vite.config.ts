/**
 * Serves the demo page: `npx vite devtools/demo` or `npx vite --config devtools/vite.config.ts`
 * (root is devtools/demo either way). It imports the library straight from source, so edits
 * to src/ and devtools/src/ reload live. Port 5173 on 127.0.0.1: the dev bot server accepts
 * loopback origins only.
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root: `${here}demo`,
  server: { host: "127.0.0.1", port: 5173, fs: { allow: [`${here}..`] } },
  preview: { host: "127.0.0.1", port: 5173 },
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: { outDir: `${here}../dist/demo`, emptyOutDir: true, target: "es2022" },
});
