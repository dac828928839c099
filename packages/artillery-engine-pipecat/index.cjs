/**
 * What Artillery loads: it resolves `engines: { pipecat: {} }` to `require("artillery-engine-pipecat")`
 * and calls `new Engine(script, events, helpers)` synchronously. The engine is ESM (so is
 * pipecat-ws-transport), which `require()` cannot load on every Node version Artillery supports;
 * so this CommonJS shell imports it and lets each scenario wait for it — the first VU waits a few
 * milliseconds more, and an error loading it fails every VU with its message.
 */
"use strict";
/* global module */

const loading = import("./src/PipecatEngine.js");
loading.catch(() => undefined); // reported by each VU below

class PipecatEngineLoader {
  constructor(script, events, helpers) {
    this.engine = loading.then((m) => new m.PipecatEngine(script, events, helpers));
    this.engine.catch(() => undefined);
  }

  createScenario(spec, events) {
    let scenario = null;
    const ready = this.engine.then((engine) => (scenario = engine.createScenario(spec, events)));
    ready.catch(() => undefined);
    return (context, callback) => {
      if (scenario) return scenario(context, callback);
      ready.then(
        () => scenario(context, callback),
        (err) => {
          events.emit("started");
          events.emit("counter", "pipecat.errors.unexpected", 1);
          events.emit("error", `pipecat.unexpected: artillery-engine-pipecat could not load: ${err && err.message ? err.message : String(err)}`);
          callback(err, context);
        },
      );
    };
  }
}

module.exports = PipecatEngineLoader;
