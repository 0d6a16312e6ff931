import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import type { CreatedApiKey } from "../../api";
import type { ProviderContext } from "../context";
import { diffInputs } from "../diff";
import { declared } from "../lifecycle";
import { attempt, unlessGone } from "../errors";
import { createOnce } from "../idempotency";
import { createHeld, heldLease, leaseOut, unlessHeldElsewhere } from "../ownership";
import { plain, sameValue, storedState, withoutProvider } from "../state";
import { apiKeyMetadata, ApiKeyInputs, hintOf, type ApiKeyState } from "./api-key-shape";

type Props = Record<string, unknown>;

const GONE = ["api_key_not_found", "group_not_found"];

/**
 * Lifecycle of the `ApiKey` resource. With `groupId` it uses the management API's keys; without it, the two
 * endpoints Perplexity documents (`/generate_auth_token`, `/revoke_auth_token`), authenticated by the
 * configured key, which must then be an existing key of the group.
 */
export const apiKey = {
  ...declared(apiKeyMetadata, ApiKeyInputs),

  async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    const result = diffInputs(apiKeyMetadata, olds, news);
    // The documented endpoints cannot rename a key, so without a group a new name means a new key.
    if (!news.groupId && !sameValue(olds.name, news.name)) return { ...result, changes: true, replaces: [...(result.replaces ?? []), "name"] };
    return result;
  },

  async create(ctx: ProviderContext, inputs: Props): Promise<pulumi.dynamic.CreateResult<ApiKeyState>> {
    const args = ApiKeyInputs.parse(withoutProvider(inputs));
    if (!args.groupId) {
      // The documented endpoints cannot look a key up, so a replayed one is taken as still there.
      const { made } = await attempt(`generating key "${args.name}"`,
        createOnce(inputs, (opts) => ctx.client.authTokens.generate({ token_name: args.name }, opts), async () => true));
      const createdAt = new Date(made.created_at_epoch_seconds * 1000).toISOString();
      const state = { ...args, token: made.auth_token, tokenHint: hintOf(made.auth_token), createdAt };
      return { id: documentedKeyId(made.auth_token), outs: plain(state) };
    }
    const groupId = args.groupId;
    const { made, lease } = await attempt(`creating key "${args.name}" in group ${groupId}`, createHeld<CreatedApiKey>(ctx, inputs,
      { groupId: () => groupId, label: (key) => `key ${key.id}` },
      (owner, opts) => ctx.client.apiKeys.create(groupId, owner ? { name: args.name, owner } : { name: args.name }, opts),
      async (key) => {
        const live = await unlessGone(`reading key ${key.id}`, ctx.client.apiKeys.retrieve(groupId, key.id), GONE);
        return live !== null && live.status !== "revoked";
      }));
    const state = { ...args, token: made.token, tokenHint: made.token_hint, createdAt: made.created_at };
    return { id: made.id, outs: { ...plain(state), ...leaseOut(lease) } };
  },

  async read(ctx: ProviderContext, id: string, props: Props): Promise<pulumi.dynamic.ReadResult<Partial<ApiKeyState>>> {
    const old = storedState<ApiKeyState>(props);
    // The documented endpoints cannot look a key up: what state says is all there is to know.
    if (!old.groupId) return { id, props: plain(old) };
    const live = await unlessGone(`reading key ${id}`, ctx.reads.apiKeys.retrieve(old.groupId, id), GONE);
    if (!live || live.status === "revoked") return { id: "" };
    const inputs = plain({ groupId: old.groupId, name: live.name, rotationTrigger: old.rotationTrigger });
    // The API never returns the secret again: carry it over from state so refresh does not erase it.
    return { id, props: plain({ ...old, ...inputs, tokenHint: live.token_hint }), inputs };
  },

  async update(ctx: ProviderContext, id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult<ApiKeyState>> {
    const old = storedState<ApiKeyState>(olds);
    const args = ApiKeyInputs.parse(withoutProvider(news));
    if (args.groupId && old.name !== args.name) {
      await attempt(`renaming key ${id}`, ctx.client.apiKeys.update(args.groupId, id, { name: args.name }));
    }
    return { outs: plain({ ...old, ...args }) };
  },

  async delete(ctx: ProviderContext, id: string, props: Props): Promise<void> {
    const old = storedState<ApiKeyState>(props);
    if (!old.groupId) {
      await unlessGone(`revoking key ${old.tokenHint}`, ctx.client.authTokens.revoke({ auth_token: old.token }), GONE);
      return;
    }
    const revoking = `revoking key ${id}`;
    await unlessGone(revoking, unlessHeldElsewhere(revoking, ctx.client.apiKeys.revoke(old.groupId, id, { ownerLease: heldLease(props) })), GONE);
  },
};

/** Keys made by `/generate_auth_token` have no id in the response; derive a stable, non-secret one. */
function documentedKeyId(token: string): string {
  return `tok_${createHash("sha256").update(token).digest("hex").slice(0, 24)}`;
}
