import { startTestBackend, type TestBackend, wireAddress } from "../helpers/backend";

/** The four kinds of caller the contract tier fuzzes the API as. */
export type Role = "management key" | "admin member" | "member" | "group API key";

/** A fresh backend in test mode with one group the role's credential can reach, and a sacrificial group for `DELETE /v1/groups/{group_id}`. */
export interface SeededBackend {
  readonly backend: TestBackend;
  /** The group every `group_id` path parameter names: a card on file, $50 of credit, an Admin, a Member and an API key. */
  readonly groupId: string;
  /** A second group, the only one `DELETE /v1/groups/{group_id}` names, so deleting it leaves the seeded one for the other operations. */
  readonly doomedGroupId: string;
  /** The bearer token to fuzz with. */
  readonly token: string;
}

async function api(backend: TestBackend, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const headers: Record<string, string> = { authorization: `Bearer ${backend.adminToken}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${backend.url}${path}`, { method, headers, body: body === undefined ? null : JSON.stringify(body) });
  const answer = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`seeding: ${method} ${path}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

/** An accepted member of `groupId` with `role`, and a console credential of theirs. */
async function memberCredential(backend: TestBackend, groupId: string, email: string, role: "admin" | "member"): Promise<string> {
  const member = await api(backend, "POST", `/v1/groups/${groupId}/members`, { email, role });
  await backend.control("POST", `members/${String(member["id"])}/accept`);
  return String((await backend.control("POST", `members/${String(member["id"])}/credential`))["token"]);
}

/** Starts a backend on 127.0.0.1 port 0 and seeds it for `role` (each role gets its own, so one role's deletes cannot starve another). */
export async function seededBackend(role: Role): Promise<SeededBackend> {
  const backend = await startTestBackend();
  try {
    const group = await api(backend, "POST", "/v1/groups", { name: "Contract", address: wireAddress });
    const groupId = String(group["id"]);
    const doomed = await api(backend, "POST", "/v1/groups", { name: "Doomed", address: wireAddress });
    await api(backend, "PUT", `/v1/groups/${groupId}/billing/payment_method`, { token: "pm_card_visa" });
    await api(backend, "POST", `/v1/groups/${groupId}/billing/credits`, { amount_usd_micros: 50_000_000 });
    const admin = await memberCredential(backend, groupId, "admin@example.com", "admin");
    const member = await memberCredential(backend, groupId, "member@example.com", "member");
    const key = String((await api(backend, "POST", `/v1/groups/${groupId}/api_keys`, { name: "contract" }))["token"]);
    const token = { "management key": backend.adminToken, "admin member": admin, member, "group API key": key }[role];
    return { backend, groupId, doomedGroupId: String(doomed["id"]), token };
  } catch (err) {
    await backend.close();
    throw err;
  }
}
