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
});
