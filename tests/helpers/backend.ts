import * as crypto from "node:crypto";
import { startBackend } from "../../backend/server";
import { createClient, type PerplexityClient } from "../../client";

/** A backend on a free loopback port, in test mode, with a client holding its management key. */
export interface TestBackend {
  readonly url: string;
  readonly adminToken: string;
  readonly client: PerplexityClient;
  close(): Promise<void>;
}

/** Starts a fresh in-memory backend on 127.0.0.1, port 0. */
export async function startTestBackend(): Promise<TestBackend> {
  const adminToken = `pplx-admin-${crypto.randomBytes(16).toString("hex")}`;
  const backend = await startBackend({ port: 0, adminToken, testMode: true });
  const client = createClient({ baseUrl: backend.url, apiKey: adminToken });
  return { url: backend.url, adminToken, client, close: () => backend.close() };
}
