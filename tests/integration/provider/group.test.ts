import { startTestBackend, type TestBackend } from "../../helpers/backend";
import { providerFor } from "./helpers";

const address = { line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" };

describe("Group provider", () => {
  let backend: TestBackend;
  let provider: ReturnType<typeof providerFor>;

  beforeAll(async () => {
    backend = await startTestBackend();
    provider = providerFor(backend, "group");
  });

  afterAll(async () => backend?.close());

  async function created(extra: Record<string, unknown> = {}) {
    const { inputs } = await provider.check({}, { name: "Acme", address, ...extra });
    return provider.create(inputs);
  }

  it("create makes the group and echoes every input in its outputs", async () => {
    const { id, outs } = await created({ taxId: { type: "eu_vat", value: "DE123456789" } });
    expect(outs).toMatchObject({ name: "Acme", address, taxId: { type: "eu_vat", value: "DE123456789" }, forceDestroy: false, tier: "tier_0" });
    await expect(backend.client.groups.retrieve(id)).resolves.toMatchObject({ name: "Acme" });
  });

  it("read returns the live settings as inputs so refresh shows drift per property", async () => {
    const { id, outs } = await created();
    await backend.client.groups.update(id, { name: "Changed by hand" });
    const read = await provider.read(id, outs);
    expect(read.id).toBe(id);
    expect(read.inputs).toEqual({ name: "Changed by hand", address, forceDestroy: false });
    expect(read.props).toMatchObject({ name: "Changed by hand", createdAt: outs?.createdAt });
  });

  it("read returns empty when the group was deleted out of band", async () => {
    const { id, outs } = await created();
    await backend.client.groups.delete(id);
    await expect(provider.read(id, outs)).resolves.toEqual({ id: "" });
  });

  it("read fails instead of reporting the group gone when the key is wrong", async () => {
    const { id, outs } = await created();
    const wrongKey = providerFor(backend, "group", "pplx-wrong");
    await expect(wrongKey.read(id, outs)).rejects.toThrow(/401/);
  });

  it("update sends only what changed and returns complete outputs", async () => {
    const { id, outs } = await created();
    const { inputs } = await provider.check({}, { name: "Acme", address: { ...address, city: "Hamburg", postalCode: "20095" } });
    const updated = await provider.update(id, outs, inputs);
    expect(updated.outs).toMatchObject({ name: "Acme", address: { city: "Hamburg" }, createdAt: outs?.createdAt });
    expect((await backend.client.groups.retrieve(id)).address.city).toBe("Hamburg");
  });

  it("delete succeeds when the group is already gone", async () => {
    const { id, outs } = await created();
    await backend.client.groups.delete(id);
    await expect(provider.delete(id, outs)).resolves.toBeUndefined();
  });

  it("delete of a group it created takes the members its creator added with it, the only active admin included", async () => {
    const { id, outs } = await created();
    const admin = await backend.client.members.invite(id, { email: "admin@example.com", role: "admin" });
    await backend.control("POST", `members/${admin.id}/accept`);
    await backend.client.members.invite(id, { email: "pending@example.com", role: "member" });
    await provider.delete(id, outs);
    await expect(backend.client.groups.retrieve(id)).rejects.toMatchObject({ code: "group_not_found" });
  });

  it("delete refuses while credit or members someone else added are left, listing them and stating the fix once", async () => {
    const { id, outs } = await created();
    const admin = await backend.client.members.invite(id, { email: "admin@example.com", role: "admin" });
    await backend.control("POST", `members/${admin.id}/accept`);
    const { token } = (await backend.control("POST", `members/${admin.id}/credential`)) as { token: string };
    const guest = await backend.clientWith(token).members.invite(id, { email: "guest@example.com", role: "member" });
    await backend.client.billing.setPaymentMethod(id, { token: "pm_card_visa" });
    await backend.client.billing.purchaseCredits(id, { amount_usd_micros: 20_000_000 });
    const refused = await provider.delete(id, outs).then(() => undefined, (e: Error) => e.message);
    expect(refused).toBe(`deleting group ${id}: DELETE /v1/groups/${id}: 409 group_not_empty: Group ${id} still has $20.00 of credit and ` +
      `1 member someone else added (guest@example.com ${guest.id}). Nothing in the account was deleted: the members, API keys and ` +
      "auto-reload policy this stack declares in the group are still live (this run skipped their own deletes and left them out of the " +
      "stack's state; the next `pulumi up` takes them back). To delete the group anyway, set forceDestroy: true on the Group, run `pulumi up`, then destroy again.");
    await expect(backend.client.members.retrieve(id, admin.id)).resolves.toMatchObject({ status: "active" });
    await provider.delete(id, { ...outs, forceDestroy: true });
    await expect(backend.client.groups.retrieve(id)).rejects.toMatchObject({ code: "group_not_found" });
  });

  it("adopting an id that does not exist fails with a message naming existingGroupId", async () => {
    const { inputs } = await provider.check({}, { name: "Acme", address, existingGroupId: "grp_000000000000000000000000" });
    await expect(provider.create(inputs)).rejects.toThrow(/existingGroupId grp_0+ does not exist/);
  });

  it("delete releases an adopted group unless forceDestroy is set", async () => {
    const existing = await backend.client.groups.create({ name: "Console", address: { line1: "1 Main St", city: "Berlin", postal_code: "10115", country: "DE" } });
    const { inputs } = await provider.check({}, { name: "Adopted", address, existingGroupId: existing.id });
    const { id, outs } = await provider.create(inputs);
    await provider.delete(id, outs);
    await expect(backend.client.groups.retrieve(existing.id)).resolves.toMatchObject({ name: "Adopted" });
    await provider.delete(id, { ...outs, forceDestroy: true });
    await expect(backend.client.groups.retrieve(existing.id)).rejects.toMatchObject({ code: "group_not_found" });
  });
});
