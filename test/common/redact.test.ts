/**
 * Pattern redaction (src/common/redact.ts, redactPatterns.ts): what counts as a secret by its
 * shape, what must stay readable, and that hostile text (the shapes that made the old regexes
 * quadratic) is redacted correctly at 256 KiB. Timing is in bench/redact.ts, not here.
 * (The first four tests are the ones test/devtools/redact.test.ts has had since the devtools
 * defined redaction; they live here now, with the code they test.)
 */
import { describe, expect, it } from "vitest";
import { MAX_CUTS } from "../../src/common/redactPatterns.js";
import { isSecretKey, isSecretParamName, REDACTED, redactString, redactValue } from "../../src/common/redact.js";

describe("redactString: the shapes redacted before issue 11", () => {
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
    expect(out.data.usage).toEqual({ prompt_tokens: 12, tokens: 30 });
    expect(out.data.password).toBe("***");
    expect(input.data.token).toBe("t1");
    expect(JSON.stringify(out)).not.toMatch(/secret|t1|Bearer zz/);
  });

  it("survives cycles, typed arrays and bigints", () => {
    const a: Record<string, unknown> = { n: 1n, bytes: new Uint8Array(4) };
    a.self = a;
    expect(redactValue(a)).toEqual({ n: "1", bytes: "[4 bytes]", self: "[…]" });
  });
});

describe("redactString: the shapes added by issue 11", () => {
  it.each([
    ["free-text token=", "close 4001: token=abc123 expired", "close 4001: token=*** expired"],
    ["token = with spaces", "password = hunter2!", "password = ***"],
    ["quoted token=", 'token="abc def" next', 'token="***" next'],
    ["api_key: bare", "api_key: sk-12345 then", "api_key: *** then"],
    ["api_key: quoted", 'api_key: "sk-12345" then', 'api_key: "***" then'],
    ["JSON pair", '{"api_key": "sk-a\\"b", "room": "r1"}', '{"api_key": "***", "room": "r1"}'],
    ["JSON inside a JSON string", '{\\"token\\":\\"abc\\",\\"x\\":1}', '{\\"token\\":\\"***\\",\\"x\\":1}'],
    ["unclosed quote", 'secret: "abc', 'secret: "***'],
    ["jwt=", "jwt=eyJ.x.y; path=/", "jwt=***; path=/"],
    ["GitHub token scheme", "Authorization: token ghp_abcdef", "Authorization: token ***"],
    ["header value", "X-Api-Key: k-123", "X-Api-Key: ***"],
    ["env var", "OPENAI_API_KEY=sk-abc", "OPENAI_API_KEY=***"],
    ["token as URL user", "https://ghp_TOKEN@github.com/x", "https://***@github.com/x"],
    ["lowercase bearer", "bearer abc.def", "bearer ***"],
  ])("%s", (_name, input, expected) => {
    expect(redactString(input)).toBe(expected);
  });

  it("redacts the AWS and GCP presigned-URL parameters and keeps the others", () => {
    const aws =
      "https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20240101%2Fus-east-1&X-Amz-Date=20240101T000000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Security-Token=FQoG&X-Amz-Signature=deadbeef";
    expect(redactString(aws)).toBe(
      "https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=***&X-Amz-Date=20240101T000000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Security-Token=***&X-Amz-Signature=***",
    );
    const gcp = "https://storage.googleapis.com/b/o?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=svc%40p.iam&X-Goog-Signature=abcd";
    expect(redactString(gcp)).toBe("https://storage.googleapis.com/b/o?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=***&X-Goog-Signature=***");
    expect(redactString("https://d.cloudfront.net/v?Expires=1&Signature=abc~def&Key-Pair-Id=K1")).toBe("https://d.cloudfront.net/v?Expires=1&Signature=***&Key-Pair-Id=K1");
    expect(redactString("https://a.blob.core.windows.net/c?sv=2022&sig=abc%3D")).toBe("https://a.blob.core.windows.net/c?sv=2022&sig=***");
  });

  it("leaves ordinary text alone, and returns the very string when nothing matched", () => {
    const plain = [
      "the tokenizer=a and room=token and prompt_tokens=12 max_tokens: 30",
      "press key=enter; auth=ok; sig=1", // short names count only as URL parameters
      "time 12:30 at localhost:8080, ratio a==b",
      "ws://host:7860/ws?room=1",
      "token= (none sent)",
      "ws://h/?token=&x=1",
      "basic setup done: tokens: 5",
      "ünïcødé 😀 text\u00a0with nbsp",
    ];
    for (const text of plain) expect(redactString(text)).toBe(text);
  });

  it("is idempotent (the devtools redact again what the transport redacted)", () => {
    const texts = ["ws://u:p@h/?token=a&sig=b", "Authorization: Bearer x", 'api_key: "k"', "token=a token=b"];
    for (const t of texts) expect(redactString(redactString(t))).toBe(redactString(t));
  });

  it("never lets a secret through, whatever junk surrounds it (seeded fuzz)", () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) % n;
    const junk = ":@/=&?#\"' \\aT-_\n.é";
    const shapes = [(s: string) => ` token=${s}`, (s: string) => ` "api_key": "${s}"`, (s: string) => ` wss://u:${s}@h`, (s: string) => `&X-Amz-Signature=${s}`, (s: string) => ` Authorization: Bearer ${s}`];
    for (let round = 0; round < 300; round++) {
      let text = "";
      for (let k = 0; k < 6; k++) {
        for (let j = rand(12); j > 0; j--) text += junk[rand(junk.length)];
        text += shapes[rand(shapes.length)]!(`S3CRETzz${round}`);
      }
      expect(redactString(text), text).not.toContain("S3CRET");
    }
  });
});

describe("redactString on hostile 256 KiB texts (completes, and is right)", () => {
  const N = 256 * 1024;
  const fill = (unit: string) => unit.repeat(Math.ceil(N / unit.length)).slice(0, N);

  it("leaves texts without secrets unchanged", () => {
    for (const unit of ["a", "a-", "x://", "x://a:", "a:b@", "ü€😀\u00a0", ":@/=&?#", "token "]) {
      const text = fill(unit);
      expect(redactString(text)).toBe(text);
    }
  });

  it("redacts texts made of secrets, hiding the rest past MAX_CUTS", () => {
    expect(redactString(fill("?token="))).toBe(`?token=${REDACTED}`); // one value: the rest of the text
    expect(redactString(`api_key: "${fill("a")}`)).toBe(`api_key: "${REDACTED}`);
    const userinfo = fill("x://u:p@");
    expect(redactString(userinfo)).not.toContain("u:p");
    for (const unit of ["Bearer ", "token=a ", '\\"token\\":\\"a\\"']) {
      const out = redactString(fill(unit));
      expect(out).toContain(`more characters hidden: over ${MAX_CUTS} secrets)`);
      expect(out.length).toBeLessThan(N);
      expect(out.slice(0, 40)).not.toMatch(/token=a|Bearer Bearer/);
    }
  });
});

describe("names", () => {
  it("isSecretKey: object keys", () => {
    for (const k of ["token", "access_token", "authToken", "Authorization", "api_key", "X-Api-Key", "client_secret", "X-Amz-Signature", "jwt", "sig", "private_key", "Cookie"]) expect(isSecretKey(k), k).toBe(true);
    for (const k of ["tokens", "prompt_tokens", "tokenizer", "key", "type", "signed", "room"]) expect(isSecretKey(k), k).toBe(false);
  });

  it("isSecretParamName: URL parameters", () => {
    for (const k of ["token", "sig", "key", "auth", "X-Goog-Credential", "api-key"]) expect(isSecretParamName(k), k).toBe(true);
    for (const k of ["room", "tokenizer", "X-Amz-Date", "", "Key-Pair-Id"]) expect(isSecretParamName(k), k).toBe(false);
  });
});
