import type { UsageEvent } from "../../../api";
import { meter, totalCost } from "../../../backend/pricing";
import { UsageTotals } from "../../../backend/store/usage-totals";

const sonar = (tokens: number, context?: "low" | "high"): UsageEvent => ({ type: "chat.completion", id: `e${tokens}`, api_key_id: "k", model: "sonar",
  ...(context ? { search_context_size: context } : {}), usage: { prompt_tokens: tokens, completion_tokens: 0 } });
const search: UsageEvent = { type: "search", id: "s", api_key_id: "k" };

describe("usage totals", () => {
  it("adds each event to the totals of its own group, day, key, model and fee class when consecutive events alternate between them", () => {
    const totals = new UsageTotals();
    const add = (event: UsageEvent, groupId: string, apiKeyId: string, day: number) => {
      const usage = meter(event);
      totals.add(event.id, groupId, apiKeyId, usage, totalCost(usage), day, "2026-06");
    };
    add(sonar(1), "g1", "k1", 1);
    add(sonar(2), "g1", "k1", 1);
    add(sonar(4), "g1", "k1", 2); // another day
    add(sonar(8), "g1", "k2", 2); // another key
    add(search, "g1", "k2", 2); // another model
    add(sonar(16, "high"), "g1", "k2", 2); // another fee class
    add(sonar(32), "g2", "k2", 2); // another group
    add(sonar(64), "g1", "k1", 1); // back to the first
    const rows = [...totals.daily.values()].map((t) => [t.group_id, t.day, t.api_key_id, t.model, t.context, t.requests, t.input_tokens]);
    expect(rows).toEqual([
      ["g1", 1, "k1", "sonar", "low", 3, 67], ["g1", 2, "k1", "sonar", "low", 1, 4], ["g1", 2, "k2", "sonar", "low", 1, 8],
      ["g1", 2, "k2", "search", "", 1, 0], ["g1", 2, "k2", "sonar", "high", 1, 16], ["g2", 2, "k2", "sonar", "low", 1, 32]]);
    expect([...totals.debits].map(([g, d]) => [g, d.count, d.first])).toEqual([["g1", 7, "e1"], ["g2", 1, "e32"]]);
  });
});
