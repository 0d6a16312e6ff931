import * as crypto from "node:crypto";
import { UsageEvent } from "../../../api";
import { meter } from "../../../backend/pricing";
import { FINGERPRINT_FIELDS, fingerprintOf, sameBody } from "../../../backend/store/usage-fingerprint";
import { SAMPLE_EVENTS, SAMPLE_KEY } from "../../helpers/metering";

const KEY = SAMPLE_KEY;
const OTHER_KEY = "key_abcdefghijklmn0123456789";
/** The sample events under one id: bodies that differ only in what the fingerprint and the columns hold. */
const base = SAMPLE_EVENTS.map((e) => ({ ...e, id: "e" }));
const values: Record<string, unknown[]> = {
  api_key_id: [KEY, OTHER_KEY], model: ["sonar", "sonar-pro", "sonar-reasoning-pro"], search_context_size: [undefined, "low", "medium"],
  search_type: [undefined, "fast", "pro"], timestamp: [undefined, "2026-06-15T12:00:00Z", "2026-06-15T12:00:00.000Z", "2026-06-15T12:00:01Z"],
};
const counts = [undefined, 0, 1, 10, 101];

/** Valid events with the same id: each base event with each field, and each usage count, set to each value. */
function events(): UsageEvent[] {
  const out: unknown[] = [];
  for (const event of base) {
    out.push(event);
    for (const [field, options] of Object.entries(values)) for (const value of options) out.push({ ...event, [field]: value });
    const usage = event["usage"] as Record<string, unknown> | undefined;
    if (usage !== undefined) {
      for (const count of Object.keys(usage).concat("citation_tokens", "reasoning_tokens", "num_search_queries")) {
        for (const value of counts) out.push({ ...event, usage: { ...usage, [count]: value } });
      }
      // Neighbours too, where a separator that went missing would make "1" + "0" equal "10" + "".
      for (const citation of counts) for (const reasoning of counts) out.push({ ...event, usage: { ...usage, citation_tokens: citation, reasoning_tokens: reasoning } });
    }
  }
  return out.flatMap((e) => {
    const parsed = UsageEvent.safeParse(JSON.parse(JSON.stringify(e)));
    return parsed.success ? [parsed.data] : [];
  });
}

describe("usage event fingerprints", () => {
  it("call two bodies with the same id equal exactly when their canonical JSON is equal", () => {
    const all = events();
    expect(all.length).toBeGreaterThan(100);
    const wrong: string[] = [];
    for (const a of all) {
      const stored = { api_key_id: a.api_key_id, model: meter(a).model, fingerprint: fingerprintOf(a) };
      for (const b of all) {
        if (sameBody(stored, b, meter(b).model, fingerprintOf(b)) !== (JSON.stringify(a) === JSON.stringify(b))) wrong.push(`${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("still compare a row written as SHA-256 over the canonical JSON (version 1) the way version 1 did", () => {
    const [a, ...others] = events() as [UsageEvent, ...UsageEvent[]];
    const b = others.find((e) => JSON.stringify(e) !== JSON.stringify(a)) as UsageEvent;
    const v1 = { api_key_id: a.api_key_id, model: meter(a).model, fingerprint: crypto.hash("sha256", JSON.stringify(a), "base64url") };
    expect(sameBody(v1, a, meter(a).model, fingerprintOf(a))).toBe(true);
    expect(sameBody(v1, b, meter(b).model, fingerprintOf(b))).toBe(false);
  });

  it("write every field of the contract's events other than id, key and model, each a scalar or a usage count", () => {
    expect(FINGERPRINT_FIELDS).toEqual(["type", "timestamp", "search_context_size", "search_type",
      "usage.prompt_tokens", "usage.completion_tokens", "usage.citation_tokens", "usage.reasoning_tokens", "usage.num_search_queries"]);
    expect(fingerprintOf(base[0] as UsageEvent)).toBe("2,chat.completion,,,,10,10,,,");
  });
});
