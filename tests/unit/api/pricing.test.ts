import { CHAT_MODELS, PRICES, tierFor, unitPrice } from "../../../api";
import type { UsageEvent } from "../../../api";
import { costs, meter, totalCost } from "../../../backend/pricing";

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

  it("totals an event's cost exactly as the sum of its line items, for every model, context size and Pro Search type", () => {
    const usage = { prompt_tokens: 7, completion_tokens: 11, citation_tokens: 13, reasoning_tokens: 17, num_search_queries: 19 };
    const events: UsageEvent[] = [{ type: "search", id: "s", api_key_id: "key_000000000000000000000000" }];
    for (const model of CHAT_MODELS) for (const size of [undefined, "low", "medium", "high"] as const) for (const type of [undefined, "fast", "pro"] as const) {
      if (type === undefined || model === "sonar-pro") events.push({ type: "chat.completion", id: "c", api_key_id: "key_000000000000000000000000", model, usage,
        ...(size ? { search_context_size: size } : {}), ...(type ? { search_type: type } : {}) });
    }
    for (const event of events) {
      const metered = meter(event);
      expect(totalCost(metered)).toBe([...costs(metered).values()].reduce((a, b) => a + b, 0));
    }
    expect(events).toHaveLength(1 + 4 * 4 + 4 * 2);
  });

  it.each([[0, "tier_0"], [49_999_999, "tier_0"], [50_000_000, "tier_1"], [250_000_000, "tier_2"], [500_000_000, "tier_3"],
    [1_000_000_000, "tier_4"], [4_999_999_999, "tier_4"], [5_000_000_000, "tier_5"]])("gives lifetime purchases of %i micro-USD %s", (micros, tier) => {
    expect(tierFor(micros)).toBe(tier);
  });
});
