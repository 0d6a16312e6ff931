import { IDEMPOTENCY_TTL_MS } from "../../../api";
import { openDatabase, type Db } from "../../../backend/db/database";
import { canonicalJson, createIdempotencyStore, fingerprintRequest, IN_FLIGHT_TIMEOUT_MS, type IdempotencyStore } from "../../../backend/store/idempotency";

describe("idempotency store", () => {
  let db: Db;
  let store: IdempotencyStore;
  const request = { principalId: "admin", key: "k1", fingerprint: "f1" };

  beforeEach(() => {
    db = openDatabase();
    store = createIdempotencyStore(db);
  });
  afterEach(() => db.close());

  it("lets the first request with a key proceed", () => {
    expect(store.begin(request, 0)).toEqual({ kind: "proceed" });
  });

  it("replays the stored status and body to the same request", () => {
    store.begin(request, 0);
    store.complete(request, 201, '{"id":"grp_1"}');
    expect(store.begin(request, 1000)).toEqual({ kind: "replay", status: 201, body: '{"id":"grp_1"}' });
  });

  it("refuses the same key with a different fingerprint, even while the first is in flight", () => {
    store.begin(request, 0);
    expect(store.begin({ ...request, fingerprint: "f2" }, 1)).toEqual({ kind: "reused" });
    store.complete(request, 201, "{}");
    expect(store.begin({ ...request, fingerprint: "f2" }, 2)).toEqual({ kind: "reused" });
  });

  it("reports a concurrent duplicate as in use until the first completes", () => {
    store.begin(request, 0);
    expect(store.begin(request, 10)).toEqual({ kind: "in_use" });
  });

  it("lets a retry run again after the reservation was released", () => {
    store.begin(request, 0);
    store.release(request);
    expect(store.begin(request, 1)).toEqual({ kind: "proceed" });
  });

  it("forgets keys after 24 hours", () => {
    store.begin(request, 0);
    store.complete(request, 201, "{}");
    expect(store.begin(request, IDEMPOTENCY_TTL_MS - 1).kind).toBe("replay");
    expect(store.begin({ ...request, fingerprint: "other" }, IDEMPOTENCY_TTL_MS)).toEqual({ kind: "proceed" });
  });

  it("lets a retry take over a reservation abandoned in flight for a minute", () => {
    store.begin(request, 0);
    expect(store.begin(request, IN_FLIGHT_TIMEOUT_MS - 1).kind).toBe("in_use");
    expect(store.begin(request, IN_FLIGHT_TIMEOUT_MS).kind).toBe("proceed");
  });

  it("keeps keys of different principals apart", () => {
    store.begin(request, 0);
    store.complete(request, 201, "{}");
    expect(store.begin({ ...request, principalId: "key_other", fingerprint: "f9" }, 1)).toEqual({ kind: "proceed" });
  });
});

describe("request fingerprint", () => {
  it("ignores object key order at every level", () => {
    expect(fingerprintRequest("POST", "/v1/groups", { a: 1, b: { c: 2, d: [{ f: 1, e: 2 }] } }))
      .toBe(fingerprintRequest("post", "/v1/groups", { b: { d: [{ e: 2, f: 1 }], c: 2 }, a: 1 }));
  });

  it("differs when the method, the path or the body differs", () => {
    const base = fingerprintRequest("POST", "/v1/groups", { a: 1 });
    expect(fingerprintRequest("PUT", "/v1/groups", { a: 1 })).not.toBe(base);
    expect(fingerprintRequest("POST", "/v1/groups?x=1", { a: 1 })).not.toBe(base);
    expect(fingerprintRequest("POST", "/v1/groups", { a: 2 })).not.toBe(base);
  });

  it("keeps array order, which is meaningful", () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
    expect(canonicalJson(undefined)).toBe("");
  });
});
