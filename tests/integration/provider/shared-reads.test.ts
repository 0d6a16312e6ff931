import { startTestBackend, type TestBackend } from "../../helpers/backend";
import { checkedCreate, newGroup, providerFor } from "./helpers";

type Created = { id: string; outs: Record<string, unknown> };

describe("reads shared by the resources of one provider process", () => {
  let backend: TestBackend;
  let groupId: string;
  let members: Created[];
  let keys: Created[];

  beforeAll(async () => {
    backend = await startTestBackend();
    groupId = await newGroup(backend);
    const member = providerFor(backend, "member");
    const apiKey = providerFor(backend, "apiKey");
    members = [];
    keys = [];
    for (let i = 0; i < 60; i++) {
      members.push(await checkedCreate(member, { groupId, email: `user${i}@example.com`, role: "member" }) as Created);
      keys.push(await checkedCreate(apiKey, { groupId, name: `key ${i}` }) as Created);
    }
  });

  afterAll(async () => backend?.close());

  const readAll = (apiKey = backend.adminToken) => {
    const member = providerFor(backend, "member", apiKey);
    const apiKeyProvider = providerFor(backend, "apiKey", apiKey);
    return [...members.map((m) => member.read(m.id, m.outs)), ...keys.map((k) => apiKeyProvider.read(k.id, k.outs))];
  };

  it("a refresh of 60 members and 60 keys costs one list request per kind and returns each as a GET would", async () => {
    await backend.control("POST", "stats/reset");
    const results = await Promise.all(readAll());
    expect(results.map((r) => r.id)).toEqual([...members, ...keys].map((c) => c.id));
    expect(results[0]?.props).toMatchObject({ email: "user0@example.com", role: "member", status: "invited" });
    expect(results[60]?.props).toMatchObject({ name: "key 0", token: keys[0]?.outs.token, tokenHint: keys[0]?.outs.tokenHint });
    expect((await backend.control("GET", "stats")).requests).toEqual({
      total: 2, by_route: { "GET /v1/groups/:group_id/members": 1, "GET /v1/groups/:group_id/api_keys": 1 },
    });
  });

  it("a member removed and a key revoked out of band read as gone, each confirmed by its own request", async () => {
    const [removed, revoked] = [members[5] as Created, keys[7] as Created];
    await backend.client.members.remove(groupId, removed.id);
    await backend.client.apiKeys.revoke(groupId, revoked.id);
    await backend.control("POST", "stats/reset");
    const results = await Promise.all(readAll());
    expect(results.filter((r) => r.id === "")).toHaveLength(2);
    expect(results[5]).toEqual({ id: "" });
    expect(results[67]).toEqual({ id: "" });
    expect((await backend.control("GET", "stats")).requests).toMatchObject({
      total: 4, by_route: expect.objectContaining({ "GET /v1/groups/:group_id/members/:member_id": 1, "GET /v1/groups/:group_id/api_keys/:key_id": 1 }),
    });
  });

  it("a rejected management key fails every read instead of reporting anything gone", async () => {
    const results = await Promise.allSettled(readAll("pplx-not-a-key-of-this-backend"));
    expect(results.every((r) => r.status === "rejected" && /401|unauthenticated/.test(String(r.reason)))).toBe(true);
  });
});
