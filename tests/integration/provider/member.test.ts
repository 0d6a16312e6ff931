import { startTestBackend, type TestBackend } from "../../helpers/backend";
import { checkedCreate, newGroup, providerFor } from "./helpers";

describe("Member provider", () => {
  let backend: TestBackend;
  let provider: ReturnType<typeof providerFor>;
  let groupId: string;

  beforeAll(async () => {
    backend = await startTestBackend();
    provider = providerFor(backend, "member");
    groupId = await newGroup(backend);
  });

  afterAll(async () => backend?.close());

  it("check lower-cases the email so its case never causes a diff", async () => {
    const { inputs } = await provider.check({}, { groupId, email: "Ann@Example.COM", role: "member" });
    expect(inputs.email).toBe("ann@example.com");
  });

  it("create adopts an existing invitation and sets the declared role", async () => {
    const existing = await backend.client.members.invite(groupId, { email: "ben@example.com", role: "member" });
    const { id, outs } = await checkedCreate(provider, { groupId, email: "ben@example.com", role: "admin" });
    expect(id).toBe(existing.id);
    expect(outs).toMatchObject({ role: "admin", status: "invited" });
  });

  it("read reports the live role as input and returns empty once the member is removed", async () => {
    const { id, outs } = await checkedCreate(provider, { groupId, email: "cy@example.com", role: "member" });
    // Unchanged: no inputs, so a refresh leaves the stored ones (which hold the identity) as they are.
    expect(await provider.read(id, outs)).not.toHaveProperty("inputs");
    await backend.client.members.update(groupId, id, { role: "admin" });
    expect((await provider.read(id, outs)).inputs).toMatchObject({ role: "admin" });
    await backend.client.members.remove(groupId, id);
    await expect(provider.read(id, outs)).resolves.toEqual({ id: "" });
  });

  it("delete of the last active admin fails saying what to do, once, and succeeds once another admin is active", async () => {
    const { id, outs } = await checkedCreate(provider, { groupId, email: "dee@example.com", role: "admin" });
    await backend.control("POST", `members/${id}/accept`);
    const refused = await provider.delete(id, outs).then(() => undefined, (e: Error) => e.message);
    expect(refused).toMatch(/409 last_admin: Cannot remove dee@example.com \(mem_\w+\): they are the only active admin of group grp_\w+; promote another member to admin first\.$/);
    expect(refused?.match(/promote/gi)).toHaveLength(1);
    const other = await backend.client.members.invite(groupId, { email: "eve@example.com", role: "admin" });
    await expect(provider.delete(id, outs)).rejects.toThrow(/last_admin/); // an invitation is not an admin yet
    await backend.control("POST", `members/${other.id}/accept`);
    await expect(provider.delete(id, outs)).resolves.toBeUndefined();
  });
});
