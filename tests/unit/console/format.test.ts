import { day, dayLabel, dollarsToMicros, instant, invoiceDate, microsToDollars, money, yTop } from "../../../console/format";

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

describe("money", () => {
  it("shows the precision an amount needs, so a sub-cent debit never reads $0.00", () => {
    expect([money(-10_500), money(10_500), money(-5), money(0), money(20_000_000), money(1_234_500_000)])
      .toEqual(["−$0.0105", "$0.0105", "−$0.000005", "$0.00", "$20.00", "$1,234.50"]);
  });
});

describe("invoiceDate", () => {
  it("dates an issued invoice by its day, and says a draft is not issued yet rather than dating it next year", () => {
    expect(invoiceDate({ status: "paid", date: "2026-12-01T00:00:00.000Z", period_end: "2026-11-30" })).toBe("2026-12-01");
    expect(invoiceDate({ status: "draft", date: "2027-01-01T00:00:00.000Z", period_end: "2026-12-31" })).toBe("not issued yet (period ends 2026-12-31)");
  });
});

describe("the usage chart's axes", () => {
  it("start counts at 0 with room above the largest bar, and label whole days by date", () => {
    expect([yTop(1), yTop(10), yTop(0), yTop(null)]).toEqual([2, 11, 1, 1]);
    expect(dayLabel(Date.parse("2026-12-07T00:00:00Z") / 1000)).toBe("Dec 7");
  });
});
