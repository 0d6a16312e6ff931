import { createHash } from "node:crypto";
import { createClient, type PerplexityClient } from "../client";
import { readSettings, type ConfigSource } from "./config";

/** What every lifecycle method that talks to the API receives. */
export interface ProviderContext {
  /** The management API client, shared by every resource in this provider process. */
  readonly client: PerplexityClient;
}

// One client per settings for the whole provider process, so keep-alive connections are reused; the retry
// budget, 429 cooldown and concurrency cap are the process's own (the client's default), whatever the settings.
const clients = new Map<string, PerplexityClient>();

/**
 * Returns the context for the given stack config, creating the client on first use. Settings are read
 * lazily so `check` and `diff` work at preview even before credentials are configured.
 */
export function contextFor(config: ConfigSource | undefined): ProviderContext {
  const settings = readSettings(config);
  const cacheKey = createHash("sha256").update(`${settings.baseUrl}\u0000${settings.apiKey}`).digest("hex");
  let client = clients.get(cacheKey);
  if (!client) {
    client = createClient({ baseUrl: settings.baseUrl, apiKey: settings.apiKey, maxConcurrency: settings.maxConcurrency });
    clients.set(cacheKey, client);
  }
  return { client };
}
