/** Runs the CLI from source (what bin/pipecat-ws.js does with dist/cli.js), for the CLI tests. */
import { main } from "../../src/cli/index.js";

process.exit(await main(process.argv.slice(2)));
