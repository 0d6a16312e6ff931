import * as crypto from "node:crypto";
import type { UsageEvent } from "../../../api";
import { openDatabase } from "../../../backend/db/database";
import { BackendError } from "../../../backend/errors";
import { createApiKeyStore } from "../../../backend/store/api-keys";
import { createAuditStore } from "../../../backend/store/audit";
import { createCredentialStore } from "../../../backend/store/credentials";
import { createGroupStore } from "../../../backend/store/groups";
import { createMetering } from "../../../backend/store/metering";
import { eventCosting } from "../../helpers/metering";

const now = new Date("2026-06-15T12:00:00.000Z");
const address = { line1: "1 Main St", city: "Berlin", postal_code: "10115", country: "DE" };

function funded() {
  const db = openDatabase();
  const audit = createAuditStore(db);
  const group = createGroupStore(db).create({ name: "g", address }, now, "system");
  const key = createApiKeyStore(db, createCredentialStore(db), audit).create(group.id, "k", { kind: "admin", id: "admin" }, now);
  const metering = createMetering(db, audit);
  metering.ledger.post(group.id, "adjustment", 1_000_000, "opening", now);
  const event = (id: string, usdMicros = 10_000): UsageEvent => eventCosting(key.id, usdMicros, id);
  const debits = () => metering.ledger.list(group.id, { limit: 100, kind: "usage_debit" }).data.map((e) => [e.amount_usd_micros, e.reference]);
  const requests = () => db.prepare("SELECT COALESCE(SUM(requests), 0) FROM usage_daily").pluck().get();
  return { db, metering, group, key, event, debits, requests };
}

describe("usage store, many requests in one transaction", () => {
  it("records each request all or nothing and debits the group once for the events recorded", () => {
    const { metering, group, event, debits, requests } = funded();
    const settled = metering.usage.ingestMany([
      { events: [event("a"), event("b")], now },
      { events: [event("c"), event("a", 20_000)], now }, // conflicts after inserting c: c is rolled back too
      { events: [event("a")], now }, // a replay of an event recorded earlier in the same transaction
      { events: [event("d")], now },
    ]);
    expect(settled.map((s) => (s.ok ? s.value.map((e) => [e.id, e.duplicate]) : (s.error as BackendError).code))).toEqual([
      [["a", false], ["b", false]], "usage_event_conflict", [["a", true]], [["d", false]]]);
    expect(debits()).toEqual([[-30_000, "a (+2 events)"]]);
    expect(metering.ledger.balance(group.id)).toBe(1_000_000 - 30_000);
    expect(requests()).toBe(3);
    expect(metering.usage.ingest([event("c")], now)[0]?.duplicate).toBe(false);
  });

  it("leaves no trace of a failing single-event request among others", () => {
    const { metering, event, debits, requests } = funded();
    const unknownKey = { ...event("x"), api_key_id: "key_000000000000000000000000" };
    const late = { ...event("y"), timestamp: "2026-06-15T12:10:00.000Z" };
    const settled = metering.usage.ingestMany([{ events: [event("a")], now }, { events: [unknownKey], now }, { events: [late], now }, { events: [event("b")], now }]);
    expect(settled.map((s) => (s.ok ? "ok" : (s.error as BackendError).code))).toEqual(["ok", "api_key_not_found", "invalid_request", "ok"]);
    expect(debits()).toEqual([[-20_000, "a (+1 events)"]]);
    expect(requests()).toBe(2);
  });

  it("writes nothing for a turn whose requests all fail", () => {
    const { metering, event, debits, requests } = funded();
    metering.usage.ingest([event("a")], now);
    const settled = metering.usage.ingestMany([{ events: [event("a", 20_000)], now }]);
    expect(settled[0]?.ok).toBe(false);
    expect(debits()).toEqual([[-10_000, "a"]]);
    expect(requests()).toBe(1);
  });

  it("answers an id repeated inside one request: the same body is charged once and marked duplicate, another body is a conflict that records nothing", () => {
    const { metering, event, debits, requests } = funded();
    const [first, again] = metering.usage.ingest([event("a"), event("a")], now);
    expect([first?.duplicate, again?.duplicate]).toEqual([false, true]);
    expect(again).toEqual({ ...first, duplicate: true });
    expect(() => metering.usage.ingest([event("b"), event("b", 20_000)], now)).toThrow(expect.objectContaining({ code: "usage_event_conflict", param: "events.1.id" }) as Error);
    expect(debits()).toEqual([[-10_000, "a"]]);
    expect(requests()).toBe(1);
  });

  it("settles single-event requests written together each on its own, in arrival order, across more than one statement's worth", () => {
    const { metering, event, debits, requests } = funded();
    metering.usage.ingest([event("old")], now);
    const singles = Array.from({ length: 150 }, (_, i) => ({ events: [event(`e${i}`)], now }));
    singles[10] = { events: [event("old")], now }; // a replay of an earlier turn
    singles[20] = { events: [event("e5")], now }; // a replay of a request earlier in this turn
    singles[30] = { events: [event("e6", 20_000)], now }; // another body under an id taken earlier in this turn
    singles[120] = { events: [event("old", 20_000)], now }; // another body, in the second statement
    singles[140] = { events: [event("e110")], now }; // a replay across the two statements
    const settled = metering.usage.ingestMany(singles);
    const outcome = (s: (typeof settled)[number]) => (s.ok ? (s.value[0]?.duplicate === true ? "duplicate" : "new") : (s.error as BackendError).code);
    const expected = singles.map(() => "new");
    expected[10] = expected[20] = expected[140] = "duplicate";
    expected[30] = expected[120] = "usage_event_conflict";
    expect(settled.map(outcome)).toEqual(expected);
    expect(debits()).toEqual([[-145 * 10_000, "e0 (+144 events)"], [-10_000, "old"]]);
    expect(requests()).toBe(146);
  });

  it("tells new events from replays in a 100-event request that repeats recorded ids, and charges only the new ones", () => {
    const { metering, event, debits, requests } = funded();
    const earlier = metering.usage.ingest([event("r0"), event("r50"), event("r99")], now);
    const recorded = metering.usage.ingest(Array.from({ length: 100 }, (_, i) => event(`r${i}`)), now);
    expect(recorded.filter((e) => e.duplicate).map((e) => e.id)).toEqual(["r0", "r50", "r99"]);
    expect(recorded[50]).toEqual(earlier[1] && { ...earlier[1], duplicate: true });
    expect(debits()[0]).toEqual([-97 * 10_000, "r1 (+96 events)"]);
    // A statement that inserts nothing: the connection's last insert id is then another table's, not a usage event's.
    expect(metering.usage.ingest([event("r60"), event("r70")], now).map((e) => e.duplicate)).toEqual([true, true]);
    expect(metering.usage.ingestMany([{ events: [event("r80")], now }]).map((s) => s.ok && s.value[0]?.duplicate)).toEqual([true]);
    expect(requests()).toBe(100);
  });

  it("answers a replay of an event an older backend fingerprinted as SHA-256 over its JSON as a duplicate, and another body as a conflict", () => {
    const { db, metering, group, key, event, requests } = funded();
    const old = event("v1");
    db.prepare(`INSERT INTO usage_events (id, group_id, api_key_id, model, occurred_at_ms, received_at_ms, fingerprint, cost_usd_micros)
      VALUES (?, ?, ?, 'sonar', ?, ?, ?, 10000)`).run(old.id, group.id, key.id, now.getTime(), now.getTime(), crypto.hash("sha256", JSON.stringify(old), "base64url"));
    expect(metering.usage.ingest([event("v1")], now)).toEqual([expect.objectContaining({ id: "v1", cost_usd_micros: 10_000, duplicate: true })]);
    expect(() => metering.usage.ingest([event("v1", 20_000)], now)).toThrow(expect.objectContaining({ code: "usage_event_conflict" }) as Error);
    expect(requests()).toBe(0);
  });
});
