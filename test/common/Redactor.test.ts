/**
 * A transport's Redactor: literal secrets (the token a server echoes back in a close reason, in
 * every encoding it may come back in) on top of the patterns, where they come from (URL, headers,
 * connect params), and the bounds (shortest secret, most secrets kept, most replacements).
 */
import { describe, expect, it } from "vitest";
import { MAX_SECRETS, MIN_SECRET_LENGTH, Redactor, redactString } from "../../src/common/redact.js";
import { MAX_CUTS } from "../../src/common/redactPatterns.js";
import type { Logger } from "../../src/common/logging.js";

const TOKEN = "tk_9fQ2/xLm+A7 vR3"; // has characters that encode differently in URLs, forms and JSON

describe("Redactor: literal secrets", () => {
  it("replaces the client's own token in a close reason, in every encoding", () => {
    const r = new Redactor();
    r.addSecret(TOKEN);
    expect(r.string(`4001 "invalid token ${TOKEN}"`)).toBe('4001 "invalid token ***"');
    expect(r.string(`seen: ${encodeURIComponent(TOKEN)}`)).toBe("seen: ***");
    expect(r.string(`form: ${new URLSearchParams({ t: TOKEN }).toString().slice(2)}`)).toBe("form: ***");
    expect(r.string(JSON.stringify({ echo: `x${TOKEN}y` }))).toBe('{"echo":"x***y"}');
    // The pattern-only function does not know the token.
    expect(redactString(`4001 "invalid token ${TOKEN}"`)).toContain(TOKEN.slice(0, 8));
  });

  it("registers the decoded form of a percent-encoded secret", () => {
    const r = new Redactor();
    r.addSecret("abc%2Fdef%2B123");
    expect(r.string("raw abc%2Fdef%2B123 decoded abc/def+123")).toBe("raw *** decoded ***");
  });

  it("ignores secrets shorter than MIN_SECRET_LENGTH (they would blank ordinary words)", () => {
    const r = new Redactor();
    r.addSecret("abc");
    r.addSecret("x".repeat(MIN_SECRET_LENGTH - 1));
    r.addSecret(undefined);
    r.addSecret(null);
    expect(r.secretCount).toBe(0);
    expect(r.string("abc xxxxx")).toBe("abc xxxxx");
    r.addSecret("x".repeat(MIN_SECRET_LENGTH));
    expect(r.string("abc xxxxxx")).toBe("abc ***");
  });

  it("merges overlapping secrets, so no half of either shows", () => {
    const r = new Redactor();
    r.addSecret("AAAA1234");
    r.addSecret("1234BBBB");
    expect(r.string("<AAAA1234BBBB>")).toBe("<***>");
  });

  it("matches literals before patterns, so a secret containing & is not split", () => {
    const r = new Redactor();
    r.addSecret("part1&part2");
    expect(r.string("ws://h/?token=part1&part2&room=1")).toBe("ws://h/?token=***&room=1");
  });

  it("keeps the MAX_SECRETS most recently added forms; adding again refreshes", () => {
    const r = new Redactor();
    r.addSecret("first-secret");
    for (let i = 0; i < MAX_SECRETS - 1; i++) r.addSecret(`filler-secret-${i}`);
    r.addSecret("first-secret"); // refreshed: now the newest
    r.addSecret("overflow-secret"); // evicts filler-secret-0, the oldest
    expect(r.secretCount).toBe(MAX_SECRETS);
    expect(r.string("first-secret filler-secret-0 filler-secret-1 overflow-secret")).toBe("*** filler-secret-0 *** ***");
  });

  it("hides the rest of a text with more than MAX_CUTS occurrences", () => {
    const r = new Redactor();
    r.addSecret("secret-value");
    const out = r.string("secret-value ".repeat(MAX_CUTS + 50));
    expect(out).not.toContain("secret-value");
    expect(out).toMatch(/more characters hidden: over 10000 secrets\)$/);
  });

  it("handles hostile 256 KiB texts made of near-misses of the secret", () => {
    const r = new Redactor();
    r.addSecret(TOKEN);
    const near = TOKEN.slice(0, -1).repeat(Math.ceil((256 * 1024) / TOKEN.length));
    expect(r.string(near)).toBe(near);
    const many = `${TOKEN.slice(0, -1)}${TOKEN}`.repeat(1000);
    expect(r.string(many)).toBe(`${TOKEN.slice(0, -1)}***`.repeat(1000));
  });

  it("string and value are bound: they can be passed as callbacks", () => {
    const r = new Redactor();
    r.addSecret(TOKEN);
    const { string, value } = r;
    expect(string(`x ${TOKEN}`)).toBe("x ***");
    expect(value({ reason: `bad ${TOKEN}`, token: "t" })).toEqual({ reason: "bad ***", token: "***" });
  });
});

describe("Redactor: where secrets come from", () => {
  it("addUrlSecrets: secret query and fragment parameters and the userinfo", () => {
    const r = new Redactor();
    r.addUrlSecrets("wss://alice:passw0rd!@h:7860/ws?room=lobby&token=abc%2Fdef123&X-Amz-Signature=f00dcafe99#api_key=frag-key-1");
    const echoed = "server said: passw0rd! abc/def123 abc%2Fdef123 f00dcafe99 frag-key-1 lobby alice";
    expect(r.string(echoed)).toBe("server said: *** *** *** *** *** lobby alice");
    r.addUrlSecrets("not a url at all ?&=");
    r.addUrlSecrets(new URL("https://x/?sig=sigvalue42"));
    expect(r.string("sigvalue42")).toBe("***");
  });

  it("addHeaderSecrets: secret headers as a record, Headers or pairs; the credentials alone too", () => {
    const r = new Redactor();
    r.addHeaderSecrets({ Authorization: "Bearer hdr-secret-1", "Content-Type": "application/json", "X-Api-Key": ["key-secret-2"] });
    r.addHeaderSecrets(new Headers({ cookie: "session=cookie-secret-3" }));
    r.addHeaderSecrets([["x-auth-token", "pair-secret-4"]]);
    expect(r.string("hdr-secret-1 key-secret-2 session=cookie-secret-3 pair-secret-4 application/json")).toBe("*** *** *** *** application/json");
  });

  it("addSecretsFrom: connect params and a start-bot reply", () => {
    const r = new Redactor();
    r.addSecretsFrom({
      wsUrl: "ws://h/ws?token=url-token-1",
      sessionId: "session-not-secret",
      token: "reply-token-2",
      endpoint: { headers: { Authorization: "Bearer nested-3" }, requestData: { api_key: "body-key-4" } },
    });
    expect(r.string("url-token-1 reply-token-2 nested-3 body-key-4 session-not-secret")).toBe("*** *** *** *** session-not-secret");
  });
});

describe("Redactor.wrapLogger", () => {
  it("redacts strings, errors and objects before they reach the logger", () => {
    const lines: unknown[][] = [];
    const sink: Logger = { debug: (...a) => lines.push(a), info: (...a) => lines.push(a), warn: (...a) => lines.push(a), error: (...a) => lines.push(a) };
    const r = new Redactor();
    r.addSecret(TOKEN);
    const log = r.wrapLogger(sink);
    const error = new Error(`closed: ${TOKEN}`);
    log.error("[t] failed", error, { url: "ws://h/?token=zz", n: 1 }, 42);
    log.info(`echo ${TOKEN}`);
    const [text, err, obj, n] = lines[0]!;
    expect(text).toBe("[t] failed");
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe("closed: ***");
    expect((err as Error).stack).not.toContain(TOKEN);
    expect(obj).toEqual({ url: "ws://h/?token=***", n: 1 });
    expect(n).toBe(42);
    expect(lines[1]).toEqual(["echo ***"]);
    expect(error.message).toContain(TOKEN); // the original is untouched
  });
});
