import type { Stack } from "@pulumi/pulumi/automation";
import { AuthenticationError, createClient, type PerplexityClient } from "../../client";
import { API_KEY_CONFIG, API_KEY_ENV, BASE_URL_CONFIG, BASE_URL_ENV } from "../../provider/config";
import { DriftError } from "./errors";

/** Where the management API is and with which key, as the provider would find them. */
export interface ManagementSettings {
  readonly baseUrl?: string;
  readonly apiKey?: string;
}

/** Raised when the management API rejects the configured credential (401). */
export class CredentialRejectedError extends DriftError {
  constructor(detail: string) {
    super(`The management API rejected the credential (${detail}). Check ${API_KEY_CONFIG} in the stack config ` +
      `(or ${API_KEY_ENV}): it must be a valid management key. Nothing was changed.`);
    this.name = "CredentialRejectedError";
  }
}

/**
 * Reads `perplexity:baseUrl` / `perplexity:apiKey` from the stack config, falling back to
 * PERPLEXITY_BASE_URL / PERPLEXITY_API_KEY, the same precedence as the provider (provider/config.ts).
 */
export async function managementSettings(stack: Stack, env: NodeJS.ProcessEnv = process.env): Promise<ManagementSettings> {
  const config = async (key: string) => {
    try {
      return (await stack.getConfig(key)).value || undefined;
    } catch {
      return undefined; // `pulumi config get` fails for a key that is not set.
    }
  };
  const baseUrl = (await config(BASE_URL_CONFIG)) ?? env[BASE_URL_ENV];
  const apiKey = (await config(API_KEY_CONFIG)) ?? env[API_KEY_ENV];
  return { ...(baseUrl ? { baseUrl } : {}), ...(apiKey ? { apiKey } : {}) };
}

/**
 * A management client for reading audit events, or undefined when the settings are incomplete or invalid.
 * Short deadline and few retries: attribution is a courtesy and must not hold the report up for minutes.
 */
export function managementClient(settings: ManagementSettings): PerplexityClient | undefined {
  if (!settings.baseUrl || !settings.apiKey) return undefined;
  try {
    return createClient({ baseUrl: settings.baseUrl, apiKey: settings.apiKey, deadlineMs: 20_000, retry: { maxRetries: 1 }, userAgent: "drift" });
  } catch {
    return undefined;
  }
}

/**
 * Makes one read with the configured credential and fails if the API answers 401. This matters because a
 * refresh authenticates with the provider configuration recorded at the last `up`, not the current stack
 * config: without this check a wrong or revoked `perplexity:apiKey` would go unnoticed until the next `up`.
 * Any other outcome (403 for a narrower credential, an outage) is left to the preview to report.
 * @throws CredentialRejectedError on 401.
 */
export async function verifyCredential(client: PerplexityClient | undefined): Promise<void> {
  if (!client) return;
  try {
    await client.groups.list({ limit: 1 });
  } catch (e) {
    if (AuthenticationError.isInstance(e)) throw new CredentialRejectedError(`401 ${e.code}`);
  }
}
