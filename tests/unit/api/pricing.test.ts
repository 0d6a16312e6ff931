import { CHAT_MODELS, PRICES, tierFor, unitPrice } from "../../../api";
import { meter, totalCost } from "../../../backend/pricing";

describe("price table", () => {
  it("prices the docs' worked example (sonar-pro, 500 in / 200 out, low context) at $0.0105", () => {
    const usage = meter({ type: "chat.completion", id: "x", api_key_id: "key_000000000000000000000000", model: "sonar-pro",
      usage: { prompt_tokens: 500, completion_tokens: 200 } });
    expect(totalCost(usage)).toBe(10_500);
  });

  it("keeps every price a whole number of micro-USD, so the ledger stays exact", () => {
    for (const prices of Object.values(PRICES)) for (const price of Object.values(prices)) expect(Number.isInteger(price) && price > 0).toBe(true);
  });

  it("charges deep research no request fee and the other chat models one by search context size", () => {
    expect(unitPrice("sonar-deep-research", "requests_low")).toBe(0);
    expect(CHAT_MODELS.filter((m) => m !== "sonar-deep-research").map((m) => [unitPrice(m, "requests_low"), unitPrice(m, "requests_high")]))
      .toEqual([[5_000, 12_000], [6_000, 14_000], [6_000, 14_000]]);
  });

  it.each([[0, "tier_0"], [49_999_999, "tier_0"], [50_000_000, "tier_1"], [250_000_000, "tier_2"], [500_000_000, "tier_3"],
    [1_000_000_000, "tier_4"], [4_999_999_999, "tier_4"], [5_000_000_000, "tier_5"]])("gives lifetime purchases of %i micro-USD %s", (micros, tier) => {
    expect(tierFor(micros)).toBe(tier);
  });
});
