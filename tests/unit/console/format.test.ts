import { day, dollarsToMicros, instant, microsToDollars } from "../../../console/format";

describe("dollarsToMicros", () => {
  it("turns what a person types into exact micro-USD, with or without a dollar sign, separators or cents", () => {
    expect([dollarsToMicros("20"), dollarsToMicros("12.5"), dollarsToMicros("$1,000.05"), dollarsToMicros(" 0.10 ")])
      .toEqual([20_000_000, 12_500_000, 1_000_050_000, 100_000]);
  });

  it("keeps amounts exact where floating point would not (0.29 × 1,000,000 is 289,999.99… as a float)", () => {
    expect(dollarsToMicros("0.29")).toBe(290_000);
  });

  it("refuses fractions of a cent, negative amounts and words with NaN", () => {
    expect([dollarsToMicros("1.005"), dollarsToMicros("-5"), dollarsToMicros("ten"), dollarsToMicros("")].every(Number.isNaN)).toBe(true);
  });
});

describe("microsToDollars, day and instant", () => {
  it("shows micro-USD with two decimals for an input, and timestamps as a day or a UTC instant", () => {
    expect(microsToDollars(12_500_000)).toBe("12.50");
    expect([day("2026-11-30T06:31:43.000Z"), day(null)]).toEqual(["2026-11-30", "—"]);
    expect(instant("2026-11-30T06:31:43.000Z")).toBe("2026-11-30 06:31:43 UTC");
  });
});
