import {
  AUTO_RELOAD_LIMITS, formatUsdMicros, MonthlyLimitUsdMicros, ReloadAmountUsdMicros, ThresholdUsdMicros, UpdateAutoReloadRequest, usdToMicros,
} from "../../../api";

const valid = { enabled: true, threshold_usd_micros: 2_000_000, amount_usd_micros: 25_000_000 };
const firstIssue = (body: object) => UpdateAutoReloadRequest.safeParse(body).error?.issues[0];

describe("billing contract", () => {
  it("states the auto-reload ranges in micro-USD", () => {
    expect(AUTO_RELOAD_LIMITS).toEqual({
      threshold: { min: 1_000_000, max: 10_000_000_000 },
      amount: { min: 5_000_000, max: 10_000_000_000 },
      monthlyLimit: { min: 5_000_000, max: 100_000_000_000 },
    });
  });

  it.each([
    ["threshold", ThresholdUsdMicros, AUTO_RELOAD_LIMITS.threshold],
    ["amount", ReloadAmountUsdMicros, AUTO_RELOAD_LIMITS.amount],
    ["monthly limit", MonthlyLimitUsdMicros, AUTO_RELOAD_LIMITS.monthlyLimit],
  ] as const)("accepts the %s boundaries and rejects one cent beyond either", (_name, schema, range) => {
    expect(schema.safeParse(range.min).success).toBe(true);
    expect(schema.safeParse(range.max).success).toBe(true);
    expect(schema.safeParse(range.min - 10_000).success).toBe(false);
    expect(schema.safeParse(range.max + 10_000).success).toBe(false);
  });

  it("accepts only whole cents and integers", () => {
    expect(ReloadAmountUsdMicros.safeParse(25_010_000).success).toBe(true);
    expect(ReloadAmountUsdMicros.safeParse(25_005_000).error?.issues[0]?.message).toMatch(/whole number of cents/);
    expect(ReloadAmountUsdMicros.safeParse(25_000_000.5).success).toBe(false);
  });

  it("names the range in dollars in the message", () => {
    expect(ThresholdUsdMicros.safeParse(0).error?.issues[0]?.message).toBe("must be between $1.00 and $10,000.00 (1000000-10000000000 micro-USD)");
  });

  it("requires the monthly limit to be at least the reload amount, on the monthly limit's path", () => {
    expect(firstIssue({ ...valid, monthly_limit_usd_micros: 20_000_000 })).toMatchObject({
      path: ["monthly_limit_usd_micros"], message: "must be at least the reload amount ($25.00), or null for no limit" });
    expect(UpdateAutoReloadRequest.safeParse({ ...valid, monthly_limit_usd_micros: 25_000_000 }).success).toBe(true);
    expect(UpdateAutoReloadRequest.safeParse({ ...valid, monthly_limit_usd_micros: null }).success).toBe(true);
    expect(UpdateAutoReloadRequest.safeParse(valid).success).toBe(true);
  });

  it("reports a bad amount on the amount alone, not also as a monthly-limit conflict", () => {
    const issues = UpdateAutoReloadRequest.safeParse({ ...valid, amount_usd_micros: 20_000_000_000, monthly_limit_usd_micros: 50_000_000 }).error?.issues;
    expect(issues?.map((i) => i.path.join("."))).toEqual(["amount_usd_micros"]);
  });

  it("rejects unknown fields", () => {
    expect(firstIssue({ ...valid, threshold_usd: 2 })).toMatchObject({ code: "unrecognized_keys" });
  });

  it("converts dollars to exact micro-USD and formats micro-USD as dollars", () => {
    expect(usdToMicros(0.1 + 0.2)).toBe(300_000);
    expect(usdToMicros(12.5)).toBe(12_500_000);
    expect(formatUsdMicros(100_000_000_000)).toBe("$100,000.00");
    expect(formatUsdMicros(1_234_567_890_123)).toBe("$1,234,567.89");
    expect(formatUsdMicros(999_000_000)).toBe("$999.00");
    expect(formatUsdMicros(5_129_999)).toBe("$5.12");
  });
});
