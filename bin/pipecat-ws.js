#!/usr/bin/env node
// Launcher for the `pipecat-ws` CLI: runs the built dist/cli.js (source: src/cli/).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const cli = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write(
    "pipecat-ws: dist/cli.js is missing. Build the package first:\n" +
      "  npm run build\n" +
      "(in a checkout of pipecat-ws-transport; the published package ships it prebuilt)\n",
  );
  process.exit(1);
}
const { main } = await import(cli.href);
const code = await main(process.argv.slice(2));
// Exit explicitly: a finished call must not wait for sockets the bot keeps open.
process.exit(code);
