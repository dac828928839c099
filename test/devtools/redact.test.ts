import { describe, expect, it } from "vitest";
import { redactString, redactValue } from "../../src/common/redact.js";

describe("redaction", () => {
  it("redacts secret URL parameters and keeps the rest", () => {
    expect(redactString("ws://h:7860/ws?token=abc.def&room=1")).toBe("ws://h:7860/ws?token=***&room=1");
    expect(redactString("https://x/y?room=1&access_token=zz#k")).toBe("https://x/y?room=1&access_token=***#k");
    expect(redactString("wss://x/?api_key=K1&apikey=K2&sig=S")).toBe("wss://x/?api_key=***&apikey=***&sig=***");
    expect(redactString("ws://x/?tokenizer=a&room=token")).toBe("ws://x/?tokenizer=a&room=token");
  });

  it("redacts auth schemes and URL credentials in free text", () => {
    expect(redactString("Authorization: Bearer eyJhbGciOi.x.y")).toBe("Authorization: Bearer ***");
    expect(redactString("connect wss://user:pa55@host/ws")).toBe("connect wss://***@host/ws");
  });

  it("redacts secret keys at any depth and strings inside values", () => {
    const input = {
      type: "config",
      data: {
        token: "t1",
        nested: [{ Authorization: "Bearer zz", api_key: 3, apiKey: "k", authToken: "a" }],
        url: "ws://h/ws?token=secret",
        usage: { prompt_tokens: 12, tokens: 30 },
        password: { deep: "x" },
      },
    };
    const out = redactValue(input) as typeof input;
    expect(out.data.token).toBe("***");
    expect(out.data.nested[0]).toEqual({ Authorization: "***", api_key: "***", apiKey: "***", authToken: "***" });
    expect(out.data.url).toBe("ws://h/ws?token=***");
    // LLM usage counters are not secrets.
    expect(out.data.usage).toEqual({ prompt_tokens: 12, tokens: 30 });
    expect(out.data.password).toBe("***");
    // The input is untouched.
    expect(input.data.token).toBe("t1");
    expect(JSON.stringify(out)).not.toMatch(/secret|t1|Bearer zz/);
  });

  it("survives cycles, typed arrays and bigints", () => {
    const a: Record<string, unknown> = { n: 1n, bytes: new Uint8Array(4) };
    a.self = a;
    expect(redactValue(a)).toEqual({ n: "1", bytes: "[4 bytes]", self: "[…]" });
  });
});
