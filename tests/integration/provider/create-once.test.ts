import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startTestBackend, type TestBackend } from "../../helpers/backend";
import { checkedCreate, newGroup, providerFor } from "./helpers";

const identity = (name: string) => ({ __identity: `proj/dev/ApiKey/${name}` });

describe("creates re-run after a lost engine operation", () => {
  let backend: TestBackend;
  beforeEach(async () => { backend = await startTestBackend(); });
  afterEach(async () => backend.close());

  const activeKeys = async (groupId: string) => (await backend.client.apiKeys.list(groupId)).data.map((k) => k.id);

  it("get back the key the first run made instead of minting a second one", async () => {
    const groupId = await newGroup(backend);
    const provider = providerFor(backend, "apiKey");
    const first = await checkedCreate(provider, { groupId, name: "ci", ...identity("ci") });
    const again = await checkedCreate(provider, { groupId, name: "ci", ...identity("ci") });
    expect(again.id).toBe(first.id);
    expect(again.outs.token).toBe(first.outs.token);
    expect(await activeKeys(groupId)).toEqual([first.id]);
  });

  it("make a new key when an input changed, as a rotation does", async () => {
    const groupId = await newGroup(backend);
    const provider = providerFor(backend, "apiKey");
    const first = await checkedCreate(provider, { groupId, name: "ci", rotationTrigger: "1", ...identity("ci") });
    const rotated = await checkedCreate(provider, { groupId, name: "ci", rotationTrigger: "2", ...identity("ci") });
    expect(rotated.id).not.toBe(first.id);
    expect((await activeKeys(groupId)).sort()).toEqual([first.id, rotated.id].sort());
  });

  it("make a new key when the one an earlier run made was revoked since", async () => {
    const groupId = await newGroup(backend);
    const provider = providerFor(backend, "apiKey");
    const first = await checkedCreate(provider, { groupId, name: "ci", ...identity("ci") });
    await backend.client.apiKeys.revoke(groupId, first.id);
    const second = await checkedCreate(provider, { groupId, name: "ci", ...identity("ci") });
    expect(second.id).not.toBe(first.id);
    const third = await checkedCreate(provider, { groupId, name: "ci", ...identity("ci") });
    expect(third.id).toBe(second.id);
    expect(await activeKeys(groupId)).toEqual([second.id]);
  });

  it("keep two resources with equal inputs apart by their names", async () => {
    const groupId = await newGroup(backend);
    const provider = providerFor(backend, "apiKey");
    const a = await checkedCreate(provider, { groupId, name: "shared", ...identity("a") });
    const b = await checkedCreate(provider, { groupId, name: "shared", ...identity("b") });
    expect(a.id).not.toBe(b.id);
  });

  it("get back the group and the invitation the first run made", async () => {
    const groups = providerFor(backend, "group");
    const address = { line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" };
    const inputs = { name: "Platform", address, __identity: "proj/dev/Group/platform" };
    const group = await checkedCreate(groups, inputs);
    expect((await checkedCreate(groups, inputs)).id).toBe(group.id);
    expect((await backend.client.groups.list()).data).toHaveLength(1);
    const members = providerFor(backend, "member");
    const member = { groupId: group.id, email: "a@example.com", role: "member", __identity: "proj/dev/Member/a" };
    expect((await checkedCreate(members, member)).id).toBe((await checkedCreate(members, member)).id);
    expect((await backend.client.members.list(group.id)).data).toHaveLength(1);
  });
});

describe("a create re-run after the API restarted", () => {
  it("makes a new key when the API can no longer show the token of the one the first run made", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pplx-create-once-"));
    const dbPath = path.join(dir, "backend.sqlite");
    const first = await startTestBackend({ dbPath });
    const groupId = await newGroup(first);
    const inputs = { groupId, name: "ci", ...identity("ci") };
    const made = await checkedCreate(providerFor(first, "apiKey"), inputs);
    await first.close();
    const second = await startTestBackend({ dbPath });
    const warn = jest.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const again = await checkedCreate(providerFor(second, "apiKey"), inputs);
      expect(again.id).not.toBe(made.id);
      expect(again.outs.token).toMatch(/^pplx-/);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^warning: .*idempotency_replay_unavailable/));
    } finally {
      warn.mockRestore();
      await second.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
