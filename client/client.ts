import { assertSafeBaseUrl } from "./base-url";
import { PerplexityError } from "./errors";
import { DEFAULT_DEADLINE_MS, DEFAULT_TIMEOUT_MS, type RequestContext, type RetryEvent } from "./request";
import { ApiKeys } from "./resources/api-keys";
import { AuditEvents } from "./resources/audit-events";
import { AuthTokens } from "./resources/auth-tokens";
import { Billing } from "./resources/billing";
import { Claims } from "./resources/claims";
import { Groups } from "./resources/groups";
import { Members } from "./resources/members";
import { Usage } from "./resources/usage";
import { resolveRetryPolicy, type RetryPolicy } from "./retry";
import { processTraffic, type Traffic } from "./traffic";
import { createTransport } from "./transport";
import { userAgent } from "./user-agent";

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** Base URL of the management API, e.g. `https://portal.example.com`; https unless loopback. */
  readonly baseUrl: string;
  /** The management key, sent as `Authorization: Bearer <apiKey>`; never stored in a visible property. */
  readonly apiKey: string;
  /** Per-attempt timeout in milliseconds. Optional; default 30 000. */
  readonly timeoutMs?: number | undefined;
  /** Overall deadline of one call, retries and waits included, in milliseconds. Optional; default 120 000. */
  readonly deadlineMs?: number | undefined;
  /** Overrides of the retry policy. Optional; defaults in `DEFAULT_RETRY_POLICY`. */
  readonly retry?: Partial<RetryPolicy> | undefined;
  /** Appended to the `User-Agent` header after `pulumi-perplexity/<version>`. Optional. */
  readonly userAgent?: string | undefined;
  /**
   * The retry budget, 429 cooldown and concurrency cap this client obeys. Optional; default the process's
   * one ({@link processTraffic}), shared by every client that does not bring its own.
   */
  readonly traffic?: Traffic | undefined;
  /** Sets the cap on requests in flight of `traffic` (so, by default, of the whole process). Optional; default 8. */
  readonly maxConcurrency?: number | undefined;
  /** Called before each retry (e.g. to log it); receives no secrets. Optional. */
  readonly onRetry?: ((event: RetryEvent) => void) | undefined;
}

/** A client of the management API: one resource object per API resource. */
export interface PerplexityClient {
  /** The base URL every request goes to, without trailing slash. */
  readonly baseUrl: string;
  /** API groups. */
  readonly groups: Groups;
  /** Members and invitations of a group. */
  readonly members: Members;
  /** A group's audit events (change history). */
  readonly auditEvents: AuditEvents;
  /** A group's API keys (the token only in the create response). */
  readonly apiKeys: ApiKeys;
  /** Perplexity's documented `/generate_auth_token` and `/revoke_auth_token`; needs a group API key as `apiKey`. */
  readonly authTokens: AuthTokens;
  /** A group's billing: overview, payment method, auto reload, credit purchases and the credit ledger. */
  readonly billing: Billing;
  /** Usage events, the usage chart, the billing breakdown and invoices. */
  readonly usage: Usage;
  /** Owner claims on a group's objects. */
  readonly claims: Claims;
}

/**
 * Creates a client. It opens no connection until the first call; connections are kept alive and
 * shared by every resource of the client.
 * @throws PerplexityError `invalid_base_url` for an unsafe base URL, `invalid_api_key` for an empty or
 *   malformed key, `invalid_option` for a non-positive timeout or deadline.
 * @example
 * const client = createClient({ baseUrl: "http://127.0.0.1:8787", apiKey: process.env.PERPLEXITY_API_KEY ?? "" });
 * const group = await client.groups.retrieve("grp_0123456789abcdefghijklmn");
 */
export function createClient(options: ClientOptions): PerplexityClient {
  assertSafeBaseUrl(options.baseUrl);
  const apiKey = options.apiKey;
  if (typeof apiKey !== "string" || !/^[\x21-\x7e]+$/.test(apiKey)) {
    throw new PerplexityError("The API key must be a non-empty string of printable characters without spaces.", "invalid_api_key");
  }
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const traffic = options.traffic ?? processTraffic();
  if (options.maxConcurrency !== undefined) traffic.maxConcurrency = options.maxConcurrency;
  const ctx: RequestContext = {
    transport: createTransport(baseUrl),
    authorization: () => `Bearer ${apiKey}`,
    userAgent: userAgent(options.userAgent),
    retry: resolveRetryPolicy(options.retry),
    timeoutMs: positive("timeoutMs", options.timeoutMs, DEFAULT_TIMEOUT_MS),
    deadlineMs: positive("deadlineMs", options.deadlineMs, DEFAULT_DEADLINE_MS),
    traffic,
    onRetry: options.onRetry,
  };
  return Object.freeze({ baseUrl, groups: new Groups(ctx), members: new Members(ctx), auditEvents: new AuditEvents(ctx),
    apiKeys: new ApiKeys(ctx), authTokens: new AuthTokens(ctx), billing: new Billing(ctx), usage: new Usage(ctx), claims: new Claims(ctx) });
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new PerplexityError(`${name} must be a positive number of milliseconds.`, "invalid_option");
  }
  return value;
}
