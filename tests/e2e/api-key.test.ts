import { ApiKey } from "pulumi-perplexity";
import { fundedGroup, groupMadeByHand as groupFor } from "../helpers/backend";
import { describeAcceptance } from "./helpers/acceptance";
import { storedState, withStack } from "./helpers/stack";

type Ctx = { groupId: string };

describeAcceptance<Ctx>("ApiKey", {
  prepare: groupFor,
  program: (step, { groupId }) => async () => {
    const key = new ApiKey("ci", { groupId, name: step === 1 ? "ci" : "ci (renamed)" });
    return { id: key.id, token: key.token };
  },
  updateOp: "update",
  async assertLive(backend, id, step, { groupId }) {
    expect(await backend.client.apiKeys.retrieve(groupId, id)).toMatchObject({ name: step === 1 ? "ci" : "ci (renamed)", status: "active" });
  },
  async driftOutOfBand(backend, id, { groupId }) {
    await backend.client.apiKeys.update(groupId, id, { name: "renamed in the console" });
    return "name";
  },
  async assertGone(backend, id, { groupId }) {
    expect((await backend.client.apiKeys.retrieve(groupId, id)).status).toBe("revoked");
  },
});

describe("ApiKey secrets and rotation under the real engine", () => {
  let rotation = "2026-11";
  const program = ({ groupId }: Ctx) => async () => {
    const key = new ApiKey("ci", { groupId, rotationTrigger: rotation });
    return { id: key.id, token: key.token, hint: key.tokenHint };
  };

  // Funded: the test mints a key with the declared one, which a blocked key (no credit) may not.
  it("keeps the token a secret in state, works with the API, and survives refresh", () =>
    withStack(fundedGroup, program, async ({ backend, stack, dir }) => {
      const up = await stack.up();
      const token = up.outputs.token?.value as string;
      expect(up.outputs.token?.secret).toBe(true);
      expect(storedState(dir)).not.toContain(token);
      expect(storedState(dir)).toContain("ciphertext");
      await expect(backend.clientWith(token).authTokens.generate({ token_name: "made with the declared key" })).resolves.toBeDefined();
      await stack.refresh();
      expect((await stack.outputs()).token?.value).toBe(token);
    }));

  it("a new rotationTrigger creates the new key before revoking the old one", () =>
    withStack(groupFor, program, async ({ backend, stack, ctx }) => {
      const oldId = (await stack.up()).outputs.id?.value as string;
      rotation = "2026-12";
      const newId = (await stack.up()).outputs.id?.value as string;
      expect(newId).not.toBe(oldId);
      const events = (await backend.client.auditEvents.list(ctx.groupId, { limit: 100 })).data
        .filter((e) => e.action === "api_key.created" || e.action === "api_key.revoked")
        .map((e) => `${e.action} ${e.target.id}`);
      expect(events).toEqual([`api_key.created ${oldId}`, `api_key.created ${newId}`, `api_key.revoked ${oldId}`]);
    }));

  it("a key revoked out of band disappears on refresh and up creates a new one", () =>
    withStack(groupFor, program, async ({ backend, stack, ctx }) => {
      const oldId = (await stack.up()).outputs.id?.value as string;
      await backend.client.apiKeys.revoke(ctx.groupId, oldId);
      await stack.refresh();
      expect((await stack.exportStack()).deployment.resources.some((r: { id?: string }) => r.id === oldId)).toBe(false);
      const newId = (await stack.up()).outputs.id?.value as string;
      expect(newId).not.toBe(oldId);
      expect((await backend.client.apiKeys.retrieve(ctx.groupId, newId)).status).toBe("active");
    }));

  it("without groupId it uses the documented endpoints with the configured group key", () =>
    withStack(fundedGroup, () => async () => {
      const key = new ApiKey("documented");
      return { id: key.id, token: key.token };
    },
      async ({ backend, stack }) => {
        const token = (await stack.up()).outputs.token?.value as string;
        const asNewKey = backend.clientWith(token).authTokens;
        await expect(asNewKey.generate({ token_name: "proof" })).resolves.toMatchObject({ token_name: "proof" });
        await stack.destroy();
        await expect(asNewKey.generate({ token_name: "after destroy" })).rejects.toMatchObject({ status: 401 });
      },
      { apiKeyFor: async (backend, ctx) => (await backend.client.apiKeys.create(ctx.groupId, { name: "bootstrap" })).token }));
});
