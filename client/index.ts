/**
 * Typed HTTP client of the management API. Start with {@link createClient}; every call goes through one
 * `request()` with retries, idempotency keys, timeouts and one error hierarchy (see `errors.ts`).
 */
export { assertSafeBaseUrl, isLoopbackHost } from "./base-url";
export { createClient, type ClientOptions, type PerplexityClient } from "./client";
export { errorFromResponse, type ResponseContext } from "./error-from-response";
export {
  ApiConnectionError,
  ApiError,
  ApiTimeoutError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  InvalidResponseError,
  isApiError,
  NotFoundError,
  PerplexityError,
  PermissionDeniedError,
  PreconditionFailedError,
  RateLimitError,
  UnprocessableEntityError,
  type ApiErrorDetails,
  type RequestTarget,
} from "./errors";
export { type PagingQuery } from "./pagination";
export { path } from "./path";
export { DEFAULT_DEADLINE_MS, DEFAULT_TIMEOUT_MS, request, type CreateOptions, type RequestContext, type RequestOptions, type RetryEvent } from "./request";
export { ApiKeys, type ApiKeyListQuery } from "./resources/api-keys";
export { AuditEvents, type AuditEventListQuery } from "./resources/audit-events";
export { AuthTokens } from "./resources/auth-tokens";
export { Billing } from "./resources/billing";
export { Usage } from "./resources/usage";
export { Groups, type GroupListQuery } from "./resources/groups";
export { Members, type MemberListQuery } from "./resources/members";
export { Claims } from "./resources/claims";
export {
  backoffDelayMs,
  decideRetry,
  DEFAULT_RETRY_POLICY,
  isReadOrIdempotent,
  maxRetriesFor,
  resolveRetryPolicy,
  retryDelayMs,
  shouldRetry,
  type HttpMethod,
  type RetryDecision,
  type RetryPolicy,
} from "./retry";
export { parseRetryAfter } from "./retry-after";
export {
  DEFAULT_MAX_CONCURRENCY,
  processTraffic,
  RETRY_BUDGET_TOKENS,
  RETRY_COST,
  RetryBudget,
  TIMEOUT_RETRY_COST,
  Traffic,
} from "./traffic";
export { packageVersion, userAgent } from "./user-agent";
