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
  // Its own cache, and every dependency pre-bundled at start: a dependency discovered mid-session
  // makes Vite reload the page, which would drop a live connection (and flake the browser test).
  cacheDir: `${here}../node_modules/.vite-devtools-demo`,
  optimizeDeps: {
    include: [
      "@pipecat-ai/client-js", "xstate", "protobufjs/minimal.js", "long",
      "preact", "preact/hooks", "preact/jsx-runtime", "preact/jsx-dev-runtime", "@statelyai/inspect",
    ],
  },
  server: { host: "127.0.0.1", port: 5173, fs: { allow: [`${here}..`] } },
  preview: { host: "127.0.0.1", port: 5173 },
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: { outDir: `${here}../dist/demo`, emptyOutDir: true, target: "es2022" },
});
