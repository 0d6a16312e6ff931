import { createHash } from "node:crypto";
import type { ProviderContext } from "../../provider/context";
import { API_KEY_TOKEN_LENGTH, INVITATION_LIFETIME_MS, tokenHint, type AutoReload, type CreatedApiKey, type GenerateAuthTokenResponse, type Claim, type Group, type Member, type Owner } from "../../api";

/**
 * The few management-API calls a resource's `create` makes, answered in memory with objects of the API's
 * own wire shapes, so that the mocks run the provider's real `create` and return exactly the state it
 * would. Nothing else of the client exists here: `read`, `update` and `delete` never run under mocks.
 *
 * Ids and tokens are derived from `seed` instead of drawn at random, so a test sees the same values on
 * every run and a new value exactly when the real provider would make a new object. The formats are the
 * API's: `grp_`, `mem_` or `key_` and 24 characters of `[a-z0-9]`; `pplx-` and 48 letters or digits.
 */
export function fakeContext(seed: string, now: Date): ProviderContext {
  const stamp = now.toISOString();
  const derived = (purpose: string, length: number) => {
    let out = "";
    for (let i = 0; out.length < length; i++) out += createHash("sha256").update(`${seed}\u0000${purpose}\u0000${i}`).digest("hex");
    return out.slice(0, length);
  };
  const id = (prefix: string) => `${prefix}${derived(prefix, 24)}`;
  const token = `pplx-${derived("token", API_KEY_TOKEN_LENGTH)}`;
  // The API records the claim a create sends and shows it (without its lease) as the object's owner.
  type Claimed = { owner?: { stack: string; resource: string } | undefined };
  const ownerOf = (body: Claimed): Owner | null => (body.owner ? { stack: body.owner.stack, resource: body.owner.resource, claimed_at: stamp } : null);
  // Adopting a group (`existingGroupId`) reads it first; the fake has it, with placeholder settings the
  // provider then PATCHes to the declared ones.
  const existing = (groupId: string): Group => ({
    object: "group", id: groupId, name: "Existing group", tax_id: null, tier: "tier_0", created_at: stamp, updated_at: stamp,
    address: { line1: "Unknown", city: "Unknown", postal_code: "00000", country: "US" }, owner: null,
  });
  const groups = {
    create: async (body: { name: string; address: Group["address"]; tax_id?: Group["tax_id"] } & Claimed): Promise<Group> => ({
      object: "group", id: id("grp_"), name: body.name, address: body.address, tax_id: body.tax_id ?? null, tier: "tier_0", created_at: stamp, updated_at: stamp,
      owner: ownerOf(body),
    }),
    retrieve: async (groupId: string): Promise<Group> => existing(groupId),
    update: async (groupId: string, body: Partial<Pick<Group, "name" | "address" | "tax_id">>): Promise<Group> => ({ ...existing(groupId), ...body }),
  };
  const members = {
    invite: async (groupId: string, body: { email: string; role: Member["role"] } & Claimed): Promise<Member> => ({
      object: "member", id: id("mem_"), group_id: groupId, email: body.email, role: body.role, status: "invited",
      invited_at: stamp, joined_at: null, expires_at: new Date(now.getTime() + INVITATION_LIFETIME_MS).toISOString(), created_at: stamp, updated_at: stamp,
      owner: ownerOf(body),
    }),
  };
  const apiKeys = {
    create: async (groupId: string, body: { name?: string } & Claimed): Promise<CreatedApiKey> => ({
      object: "api_key", id: id("key_"), group_id: groupId, name: body.name ?? "API key", token, token_hint: tokenHint(token),
      status: "active", created_at: stamp, revoked_at: null, owner: ownerOf(body),
    }),
  };
  const authTokens = {
    generate: async (body: { token_name?: string }): Promise<GenerateAuthTokenResponse> => ({
      auth_token: token, created_at_epoch_seconds: Math.floor(now.getTime() / 1000), token_name: body.token_name ?? "",
    }),
  };
  const billing = {
    setAutoReload: async (groupId: string, body: Omit<AutoReload, "object" | "group_id" | "disabled_reason" | "updated_at" | "monthly_limit_usd_micros"> & { monthly_limit_usd_micros?: number | null }): Promise<AutoReload> => ({
      object: "auto_reload", group_id: groupId, ...body, monthly_limit_usd_micros: body.monthly_limit_usd_micros ?? null, disabled_reason: null, updated_at: stamp,
      owner: ownerOf(body as Claimed),
    }),
  };
  // Adopting a group (`existingGroupId`) claims it for the resource.
  const claims = {
    claim: async (groupId: string, objectId: string, body: Claimed): Promise<Claim> => ({
      object: "claim", group_id: groupId, object_type: "group", object_id: objectId, owner: ownerOf(body),
    }),
  };
  // Only the calls above exist; the cast says so once instead of stubbing the whole client.
  return { client: { groups, members, apiKeys, authTokens, billing, claims }, reads: {} } as unknown as ProviderContext;
}
