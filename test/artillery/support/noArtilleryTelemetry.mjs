/**
 * Preloaded (`node --import`) into the Artillery CLI by our tests and benchmarks. Artillery 2.0.21
 * sends an anonymous "test run" event to PostHog (app.posthog.com) on every run, even with
 * ARTILLERY_DISABLE_TELEMETRY set, and waits ~12 s for it at exit when offline. Our tests and
 * benches talk to loopback only, so the PostHog client is replaced by one that sends nothing.
 * Nothing else of Artillery is touched.
 */
import Module from "node:module";

class NoPostHog {
  capture() {}
  async shutdownAsync() {}
}

const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === "posthog-node") return { PostHog: NoPostHog };
  return load.call(this, request, ...rest);
};
