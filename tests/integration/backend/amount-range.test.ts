import { useTestApp } from "./helpers";
import { createApiKey } from "./member-helpers";

/** The costliest legal event: every count at its maximum (1e9), deep research; $5,015,000 each. */
const MAX_EVENT_COST = 5_015_000_000_000;
const huge = (keyId: string, id: string) => ({ type: "chat.completion", id, api_key_id: keyId, model: "sonar-deep-research",
  usage: { prompt_tokens: 1e9, completion_tokens: 1e9, citation_tokens: 1e9, reasoning_tokens: 1e9, num_search_queries: 1e9 } });

describe("money past 2^53 micro-USD", () => {
  const t = useTestApp({ resetEach: true });

  it("ingestion refuses, with 422 amount_out_of_range, the usage that would take a balance past the exact range, and every read keeps working", async () => {
    const groupId = (await t.createGroup()).id;
    const keyId = (await createApiKey(t, groupId)).id;
    let accepted = 0;
    let refused: { statusCode: number; body: string } | undefined;
    for (let batch = 0; batch < 20 && refused === undefined; batch++) {
      const res = await t.request({ method: "POST", url: "/v1/usage_events", payload: { events: Array.from({ length: 100 }, (_, i) => huge(keyId, `b${batch}-${i}`)) } });
      if (res.statusCode === 200) accepted += 100;
      else refused = res;
    }
    expect(refused?.statusCode).toBe(422);
    expect(JSON.parse(refused!.body).error).toMatchObject({ code: "amount_out_of_range", message: expect.stringMatching(/past \$4,503,599,627\.37 .*nothing was recorded\.$/) });
    // The refused batch left nothing behind; the balance is exactly what was accepted.
    const billing = await t.request({ method: "GET", url: `/v1/groups/${groupId}/billing` });
    expect(billing.json().balance_usd_micros).toBe(-accepted * MAX_EVENT_COST);
    expect(accepted * MAX_EVENT_COST).toBeLessThanOrEqual(2 ** 52);
    for (const url of ["billing", "billing/transactions", "usage/breakdown", "invoices"]) {
      expect([url, (await t.request({ method: "GET", url: `/v1/groups/${groupId}/${url}` })).statusCode]).toEqual([url, 200]);
    }
    // Usage that still fits is recorded: the refusal is about the range, not the group.
    const single = await t.request({ method: "POST", url: "/v1/usage_events", payload: { events: [huge(keyId, "one-more")] } });
    expect(single.statusCode).toBe(200);
  });
});
