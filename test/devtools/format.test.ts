import { describe, expect, it } from "vitest";
import { formatBytePair, formatBytes } from "../../devtools/src/model/format.js";

describe("devtools number formats", () => {
  it("bytes with their unit", () => {
    expect([formatBytes(850), formatBytes(49_400), formatBytes(1_250_000), formatBytes(NaN)]).toEqual(["850 B", "49.4 kB", "1.25 MB", "—"]);
  });

  it("a pair of byte counts names a shared unit once, so the totals counter fits a narrow dock", () => {
    expect(formatBytePair(49_400, 124_900)).toBe("49.4 / 124.9 kB");
    expect(formatBytePair(850, 124_900)).toBe("850 B / 124.9 kB");
    expect(formatBytePair(0, 0)).toBe("0 / 0 B");
    expect(formatBytePair(NaN, NaN)).toBe("— / —");
  });
});
