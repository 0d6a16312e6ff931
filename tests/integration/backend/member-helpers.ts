import { CreatedApiKey, type Member } from "../../../api";
import type { TestApp } from "./helpers";

/** Headers that authenticate as `token` instead of the management key. */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Invites `email` into `groupId` with the management key; throws unless the answer is 200 or 201. */
export async function invite(t: TestApp, groupId: string, email: string, role: "admin" | "member" = "member"): Promise<Member> {
  const res = await t.request({ method: "POST", url: `/v1/groups/${groupId}/members`, payload: { email, role } });
  if (res.statusCode !== 201 && res.statusCode !== 200) throw new Error(`invite failed: ${res.statusCode} ${res.body}`);
  return res.json<Member>();
}

/** Calls a test control under `/_backend/members/{id}/` with the management key and returns its JSON body. */
export async function control<T = Member>(t: TestApp, memberId: string, action: "accept" | "expire" | "credential"): Promise<T> {
  const res = await t.request({ method: "POST", url: `/_backend/members/${memberId}/${action}` });
  if (res.statusCode !== 200) throw new Error(`${action} failed: ${res.statusCode} ${res.body}`);
  return res.json<T>();
}

/** An accepted member of `groupId` with a console token to call the API as them. */
export async function activeMember(t: TestApp, groupId: string, email: string, role: "admin" | "member"): Promise<{ member: Member; token: string }> {
  const invited = await invite(t, groupId, email, role);
  const member = await control(t, invited.id, "accept");
  const { token } = await control<{ token: string }>(t, invited.id, "credential");
  return { member, token };
}

/**
 * Creates an API key in `groupId` with the management key and returns it with its token, to call the API
 * as that key. `payload` is sent as the body when given (the API names a key left without one "API key").
 */
export async function createApiKey(t: TestApp, groupId: string, payload?: object): Promise<CreatedApiKey> {
  const res = await t.request({ method: "POST", url: `/v1/groups/${groupId}/api_keys`, ...(payload === undefined ? {} : { payload }) });
  if (res.statusCode !== 201) throw new Error(`create key failed: ${res.statusCode} ${res.body}`);
  return CreatedApiKey.parse(res.json());
}

/** Puts a card and $5 of credit on the group, so its keys are not blocked (a completion, minting a key). */
export async function withCredit(t: TestApp, groupId: string): Promise<void> {
  await t.request({ method: "PUT", url: `/v1/groups/${groupId}/billing/payment_method`, payload: { token: "pm_card_visa" } });
  const res = await t.request({ method: "POST", url: `/v1/groups/${groupId}/billing/credits`, payload: { amount_usd_micros: 5_000_000 } });
  if (res.statusCode !== 201 && res.statusCode !== 200) throw new Error(`purchase failed: ${res.statusCode} ${res.body}`);
}
