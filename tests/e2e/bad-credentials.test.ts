import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ApiKey, Member } from "pulumi-perplexity";
import { startBackend } from "../../backend/server";
import { groupMadeByHand, startTestBackend } from "../helpers/backend";
import { newStack, storedState, withStack } from "./helpers/stack";

const REJECTED = /401 unauthenticated: The API key is invalid or has been revoked\. Check perplexity:apiKey/;

/**
 * The resources the stored state holds: urn, id and every input and output, secrets as "[secret]" (a
 * failed run may rewrite the file, re-encrypting secrets with new nonces, without changing anything).
 */
function resourcesInState(dir: string): string[] {
  const state = JSON.parse(storedState(dir)) as { checkpoint: { latest: { resources: Array<Record<string, unknown>> } } };
  const masked = (value: unknown) => JSON.stringify(value, (_k, v: unknown) => (v !== null && typeof v === "object" && "ciphertext" in v ? "[secret]" : v));
  return state.checkpoint.latest.resources.map((r) => `${String(r.urn)} ${String(r.id)} ${masked(r.inputs)} ${masked(r.outputs)}`);
}

describe("with a management key the API rejects", () => {
  const dbDir = fs.mkdtempSync(path.join(os.tmpdir(), "pplx-bad-credentials-"));
  afterAll(() => fs.rmSync(dbDir, { recursive: true, force: true }));

  it("refresh and a refreshing preview fail saying the key was rejected, and leave the state untouched", async () => {
    const dbPath = path.join(dbDir, "backend.sqlite");
    const first = await startTestBackend({ dbPath });
    const { groupId } = await groupMadeByHand(first);
    const test = await newStack(first, async () => {
      new Member("ops", { groupId, email: "ops@example.com", role: "admin" });
      new ApiKey("ci", { groupId });
    });
    let second: Awaited<ReturnType<typeof startBackend>> | undefined;
    try {
      await test.stack.up();
      // The wrong key first: the stack's config, as a typo or a key from another environment would be.
      // An `up` with nothing to change calls no API, so it succeeds and saves that key with the provider,
      // which refresh then uses; `refresh --run-program` uses the config's key directly.
      await test.stack.setConfig("perplexity:apiKey", { value: "pplx-admin-notthekeynotthekey", secret: true });
      await test.stack.refresh({ runProgram: true }).then(() => { throw new Error("refresh --run-program accepted the wrong key"); }, (e: Error) => expect(e.message).toMatch(REJECTED));
      await test.stack.up();
      expect(resourcesInState(test.dir)).toHaveLength(5); // the stack, its provider, the stack instance, the member, the key
      const before = resourcesInState(test.dir);
      await expect(test.stack.preview({ refresh: true })).rejects.toThrow(REJECTED);
      await expect(test.stack.refresh()).rejects.toThrow(REJECTED);
      expect(resourcesInState(test.dir)).toEqual(before);

      // Then the revoked key: the backend restarts on the same data with a new management key, so the
      // key the stack holds (in its config and in its saved provider) is no longer valid.
      await test.stack.setConfig("perplexity:apiKey", { value: first.adminToken, secret: true });
      await test.stack.up();
      const saved = resourcesInState(test.dir);
      await first.close();
      second = await startBackend({ port: Number(new URL(first.url).port), dbPath, adminToken: "pplx-admin-rotatedrotatedrotated", testMode: true });
      await expect(test.stack.refresh()).rejects.toThrow(REJECTED);
      await expect(test.stack.preview({ refresh: true })).rejects.toThrow(REJECTED);
      expect(resourcesInState(test.dir)).toEqual(saved);
    } finally {
      fs.rmSync(test.dir, { recursive: true, force: true });
      await second?.close();
      await first.close();
    }
  });
});

describe("with the credential of a Member (not an Admin)", () => {
  it("changes fail with a clear needs-Admin error", () =>
    withStack(
      async (backend) => {
        const ctx = await groupMadeByHand(backend);
        const viewer = await backend.client.members.invite(ctx.groupId, { email: "viewer@example.com", role: "member" });
        await backend.control("POST", `members/${viewer.id}/accept`);
        const { token } = (await backend.control("POST", `members/${viewer.id}/credential`)) as { token: string };
        return { ...ctx, token };
      },
      ({ groupId }) => async () => {
        new ApiKey("ci", { groupId });
      },
      async ({ backend, stack, ctx }) => {
        const error = await stack.up().then(() => undefined, (e: unknown) => e as Error);
        expect(error?.message).toMatch(/creating key "ci" in group grp_\w+: POST \S+: 403 forbidden: This needs the Admin role: Members can view usage and limits but cannot change settings\./);
        expect(error?.message).not.toContain(ctx.token);
        expect((await backend.client.apiKeys.list(ctx.groupId)).data).toEqual([]);
      },
      { apiKeyFor: async (_backend, ctx) => ctx.token },
    ));
});
