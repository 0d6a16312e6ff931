import * as crypto from "node:crypto";
import { startBackend } from "../../backend/server";
import { createClient, type PerplexityClient } from "../../client";

/** A backend on a free loopback port, in test mode, with a client holding its management key. */
export interface TestBackend {
  readonly url: string;
  readonly adminToken: string;
  readonly client: PerplexityClient;
  /** Calls a test-only control under `/_backend/` with the management key (and a JSON body) and returns its JSON body. */
  control(method: "GET" | "POST" | "PUT" | "DELETE", path: string, body?: unknown): Promise<Record<string, unknown>>;
  /** A client that authenticates with another credential (a member's or an API key). */
  clientWith(apiKey: string): PerplexityClient;
  close(): Promise<void>;
}

/** Starts a fresh backend on 127.0.0.1, port 0; in memory unless `dbPath` is given. */
export async function startTestBackend(options: { dbPath?: string } = {}): Promise<TestBackend> {
  const adminToken = `pplx-admin-${crypto.randomBytes(16).toString("hex")}`;
  const backend = await startBackend({ port: 0, adminToken, testMode: true, ...options });
  return testBackendAt(backend.url, adminToken, () => backend.close());
}

/** The {@link TestBackend} helpers for a backend in test mode listening at `url` (in this process or not). */
export function testBackendAt(url: string, adminToken: string, close: () => Promise<void>): TestBackend {
  const clientWith = (apiKey: string) => createClient({ baseUrl: url, apiKey });
  return {
    url,
    adminToken,
    client: clientWith(adminToken),
    clientWith,
    async control(method, path, body) {
      const headers: Record<string, string> = { authorization: `Bearer ${adminToken}` };
      if (body !== undefined) headers["content-type"] = "application/json";
      const response = await fetch(`${url}/_backend/${path}`, { method, headers, body: body === undefined ? null : JSON.stringify(body) });
      const answer = (await response.json()) as Record<string, unknown>;
      if (!response.ok) throw new Error(`${method} /_backend/${path}: ${response.status} ${JSON.stringify(answer)}`);
      return answer;
    },
    close,
  };
}

/** A valid group address in the wire's snake_case, for groups tests create directly through the API. */
export const wireAddress = { line1: "1 Main St", city: "Berlin", postal_code: "10115", country: "DE" } as const;

/** Creates a group directly through the API, as someone working in the console would; returns `{groupId}`. */
export async function groupMadeByHand(backend: TestBackend, name = "Made by hand"): Promise<{ groupId: string }> {
  return { groupId: (await backend.client.groups.create({ name, address: wireAddress })).id };
}

/** Creates a group by hand with a card on file, which auto reload needs; returns `{groupId}`. */
export async function groupWithCard(backend: TestBackend): Promise<{ groupId: string }> {
  const ctx = await groupMadeByHand(backend);
  await backend.client.billing.setPaymentMethod(ctx.groupId, { token: "pm_card_visa" });
  return ctx;
}

/** Creates a group by hand with a card and $5 of credit, so its keys are not blocked (they can chat and mint keys); returns `{groupId}`. */
export async function fundedGroup(backend: TestBackend): Promise<{ groupId: string }> {
  const ctx = await groupWithCard(backend);
  await backend.client.billing.purchaseCredits(ctx.groupId, { amount_usd_micros: 5_000_000 });
  return ctx;
}

/** Creates a group by hand with a card on file and one API key named `app`; returns the group's id and the key (token included). */
export async function groupWithCardAndKey(backend: TestBackend): Promise<{ groupId: string; key: { id: string; token: string } }> {
  const { groupId } = await groupWithCard(backend);
  return { groupId, key: await backend.client.apiKeys.create(groupId, { name: "app" }) };
}
