import { startTestBackend, type TestBackend } from "../../helpers/backend";
import { checkedCreate, newGroup, providerFor } from "./helpers";

describe("ApiKey provider", () => {
  let backend: TestBackend;
  let provider: ReturnType<typeof providerFor>;
  let groupId: string;

  beforeAll(async () => {
    backend = await startTestBackend();
    provider = providerFor(backend, "apiKey");
    groupId = await newGroup(backend);
  });

  afterAll(async () => backend?.close());

  it("read carries the token over from state, since the API never returns it again", async () => {
    const { id, outs } = await checkedCreate(provider, { groupId, name: "ci" });
    const read = await provider.read(id, outs);
    expect(read.props?.token).toBe(outs?.token);
    // Nothing drifted: no inputs, so the engine keeps the stored ones (identity included).
    expect(read.inputs).toBeUndefined();
  });

  it("read returns empty for a key revoked out of band", async () => {
    const { id, outs } = await checkedCreate(provider, { groupId, name: "revoked" });
    await backend.client.apiKeys.revoke(groupId, id);
    await expect(provider.read(id, outs)).resolves.toEqual({ id: "" });
  });

  it("a new rotationTrigger replaces the key; a new name updates it in place", async () => {
    const olds = { groupId, name: "a", rotationTrigger: 1 };
    expect(await provider.diff("key", olds, { ...olds, rotationTrigger: 2 })).toMatchObject({ replaces: ["rotationTrigger"], deleteBeforeReplace: false });
    expect(await provider.diff("key", olds, { ...olds, name: "b" })).toMatchObject({ changes: true, replaces: [] });
  });

  it("without a group, a new name replaces the key, because the documented endpoints cannot rename", async () => {
    expect(await provider.diff("tok", { name: "a" }, { name: "b" })).toMatchObject({ replaces: ["name"] });
  });

  it("delete revokes the key and tolerates a key already revoked", async () => {
    const { id, outs } = await checkedCreate(provider, { groupId, name: "gone" });
    await provider.delete(id, outs);
    await expect(provider.delete(id, outs)).resolves.toBeUndefined();
    expect((await backend.client.apiKeys.retrieve(groupId, id)).status).toBe("revoked");
  });
});
