import { createHash } from "node:crypto";
import { createClient, type PerplexityClient } from "../client";
import { readSettings, type ConfigSource } from "./config";
import { sharedReads, type SharedReads } from "./shared-reads";

/** What every lifecycle method that talks to the API receives. */
export interface ProviderContext {
  /** The management API client, shared by every resource in this provider process. */
  readonly client: PerplexityClient;
  /** Reads answered from one list per group, shared by every resource in this provider process. */
  readonly reads: SharedReads;
}

// One context per settings for the whole provider process: keep-alive connections and shared reads only
// help when every resource uses the same instance; the retry budget, 429 cooldown and concurrency cap
// are the process's own (the client's default), whatever the settings.
const contexts = new Map<string, ProviderContext>();

/**
 * Returns the context for the given stack config, creating the client on first use. Settings are read
 * lazily so `check` and `diff` work at preview even before credentials are configured.
 */
export function contextFor(config: ConfigSource | undefined): ProviderContext {
  const settings = readSettings(config);
  const cacheKey = createHash("sha256").update(`${settings.baseUrl}\u0000${settings.apiKey}`).digest("hex");
  let context = contexts.get(cacheKey);
  if (!context) {
    const client = createClient({ baseUrl: settings.baseUrl, apiKey: settings.apiKey, maxConcurrency: settings.maxConcurrency });
    context = { client, reads: sharedReads(client) };
    contexts.set(cacheKey, context);
  }
  return context;
}
