import { assertSafeBaseUrl } from "../client";

/** Stack config key of the management key (set it with `pulumi config set --secret perplexity:apiKey …`). */
export const API_KEY_CONFIG = "perplexity:apiKey";
/** Stack config key of the management API's base URL, e.g. `http://127.0.0.1:8787`. */
export const BASE_URL_CONFIG = "perplexity:baseUrl";
/** Environment variable read when {@link API_KEY_CONFIG} is not set. */
export const API_KEY_ENV = "PERPLEXITY_API_KEY";
/** Environment variable read when {@link BASE_URL_CONFIG} is not set. */
export const BASE_URL_ENV = "PERPLEXITY_BASE_URL";
/** Stack config key of the cap on API requests in flight per provider process (1–64; default 8). */
export const MAX_CONCURRENCY_CONFIG = "perplexity:maxConcurrency";
/** Environment variable read when {@link MAX_CONCURRENCY_CONFIG} is not set. */
export const MAX_CONCURRENCY_ENV = "PERPLEXITY_MAX_CONCURRENCY";
/** Largest accepted {@link MAX_CONCURRENCY_CONFIG}: beyond it a CI run is a load test. */
export const MAX_CONCURRENCY_LIMIT = 64;

/** Where the provider connects and with which credential. Lives only in the provider process's memory. */
export interface ProviderSettings {
  /** Base URL of the management API; https unless loopback. */
  readonly baseUrl: string;
  /** The management key (an Admin credential). */
  readonly apiKey: string;
  /** Cap on API requests in flight in the provider process; undefined means the client's default (8). */
  readonly maxConcurrency?: number | undefined;
}

/** Reads a config value; the dynamic-provider host's `Config.get` has this shape. */
export type ConfigSource = { get(key: string): string | undefined };

/**
 * Reads the provider's settings from stack config, falling back to the environment. Called when the first
 * operation needs the API, never at module scope, so credentials are never captured in state.
 * @throws Error naming the missing or invalid setting and how to set it.
 */
export function readSettings(config: ConfigSource | undefined, env: NodeJS.ProcessEnv = process.env): ProviderSettings {
  const apiKey = config?.get(API_KEY_CONFIG) ?? env[API_KEY_ENV];
  const baseUrl = config?.get(BASE_URL_CONFIG) ?? env[BASE_URL_ENV];
  if (!apiKey) {
    throw new Error(
      `The management key is not set: run \`pulumi config set --secret ${API_KEY_CONFIG} <key>\` or set ${API_KEY_ENV}.`,
    );
  }
  if (!baseUrl) {
    throw new Error(
      `The management API address is not set: run \`pulumi config set ${BASE_URL_CONFIG} <url>\` or set ${BASE_URL_ENV}.`,
    );
  }
  try {
    assertSafeBaseUrl(baseUrl);
  } catch (e) {
    throw new Error(`${BASE_URL_CONFIG} is invalid: ${(e as Error).message}`);
  }
  return { baseUrl: baseUrl.replace(/\/+$/, ""), apiKey, maxConcurrency: readMaxConcurrency(config, env) };
}

function readMaxConcurrency(config: ConfigSource | undefined, env: NodeJS.ProcessEnv): number | undefined {
  const fromConfig = config?.get(MAX_CONCURRENCY_CONFIG);
  const raw = fromConfig ?? env[MAX_CONCURRENCY_ENV];
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > MAX_CONCURRENCY_LIMIT) {
    const source = fromConfig !== undefined ? MAX_CONCURRENCY_CONFIG : MAX_CONCURRENCY_ENV;
    throw new Error(`${source} must be a whole number from 1 to ${MAX_CONCURRENCY_LIMIT} (requests in flight at once), not ${JSON.stringify(raw)}.`);
  }
  return value;
}
