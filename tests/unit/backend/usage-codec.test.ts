import { serializerCompiler } from "fastify-type-provider-zod";
import { IngestUsageEventsRequest, IngestUsageEventsResponse, type IngestUsageEventsResponse as Response } from "../../../api";
import { serializeIngestResponse, validateIngestBody } from "../../../backend/routes/usage-codec";
import { SAMPLE_EVENTS, SAMPLE_KEY } from "../../helpers/metering";

const KEY = SAMPLE_KEY;
const base = SAMPLE_EVENTS;
/** Values a field may be set to, right and wrong: every type, the bounds of each rule, and absence. */
const values: unknown[] = [undefined, null, true, 0, -1, 1.5, 1_000_000_001, "", " ", "x y", "s".repeat(256), "sonar-pro", "search", "chat.completion",
  "medium", "fast", "key_0123456789ABCDEFGHIJKLMN", "2026-06-15T12:00:00+02:00", "2026-06-15", "not a date", [], {}, { prompt_tokens: 1 }, KEY];
const set = (o: Record<string, unknown>, key: string, value: unknown) => {
  const copy = { ...o };
  if (value === undefined) delete copy[key];
  else copy[key] = value;
  return copy;
};

/** The event variants: each base event, each of its fields (and of its usage) set to each value, and one field too many. */
function variants(): unknown[] {
  const out: unknown[] = [];
  for (const event of base) {
    out.push(event, Object.fromEntries(Object.entries(event).reverse()), { ...event, extra: 1 });
    for (const key of [...Object.keys(event), "model", "search_context_size", "search_type", "timestamp", "usage"]) {
      for (const value of values) out.push(set(event, key, value));
    }
    const usage = event["usage"];
    if (typeof usage === "object" && usage !== null) {
      for (const key of [...Object.keys(usage), "citation_tokens", "unknown_tokens"]) {
        for (const value of values) out.push({ ...event, usage: set(usage as Record<string, unknown>, key, value) });
      }
    }
  }
  return out;
}

describe("usage ingestion codec", () => {
  it("accepts exactly the bodies the zod contract accepts and returns the same value, key order included", () => {
    const bodies: unknown[] = [null, [], {}, { events: [] }, { events: base.slice(0, 1), extra: 1 }, { events: Array.from({ length: 101 }, () => base[0]) },
      { events: Array.from({ length: 100 }, (_, i) => ({ ...base[0], id: `b${i}` })) }, { events: base }, ...variants().map((e) => ({ events: [base[2], e] }))];
    let accepted = 0;
    for (const body of bodies) {
      const ours = validateIngestBody(body);
      const zod = IngestUsageEventsRequest.safeParse(body);
      expect({ body, accepted: ours.error === undefined }).toEqual({ body, accepted: zod.success });
      if (zod.success) {
        accepted += 1;
        // The store fingerprints events by this serialization: a replay must match whichever path checked it.
        expect(JSON.stringify(ours.value)).toBe(JSON.stringify(zod.data));
      }
    }
    expect(accepted).toBeGreaterThan(50);
  });

  it("writes the response byte for byte as the contract's zod serializer does", () => {
    const zod = serializerCompiler({ schema: IngestUsageEventsResponse, method: "POST", url: "/v1/usage_events" }) as (data: Response) => string;
    const response: Response = { object: "list", data: [
      { object: "usage_event", id: "a\"b\\c", group_id: "grp_0123456789abcdefghijklmn", api_key_id: KEY, model: "sonar-deep-research",
        timestamp: "2026-06-15T12:00:00.000Z", cost_usd_micros: 41_200, duplicate: true },
      { object: "usage_event", id: "e2", group_id: "grp_0123456789abcdefghijklmn", api_key_id: KEY, model: "search",
        timestamp: "2026-06-15T12:00:00.000Z", cost_usd_micros: -0, duplicate: false },
    ] };
    expect(serializeIngestResponse(response)).toBe(zod(response));
    expect(serializeIngestResponse({ object: "list", data: [] })).toBe(zod({ object: "list", data: [] }));
    // Only the contract's fields, in its order, whatever else or in whatever order the object holds.
    const shuffled = response.data.map((e) => ({ internal: "x", ...Object.fromEntries(Object.entries(e).reverse()) }) as unknown as Response["data"][number]);
    expect(serializeIngestResponse({ object: "list", data: shuffled })).toBe(zod(response));
  });
});
