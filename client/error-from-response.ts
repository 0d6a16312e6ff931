import { STATUS_CODES } from "node:http";
import { ErrorEnvelope } from "../api";
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  PreconditionFailedError,
  RateLimitError,
  UnprocessableEntityError,
  type ApiErrorDetails,
  type RequestTarget,
} from "./errors";

/** What {@link errorFromResponse} knows about the request and the response besides status and body. */
export interface ResponseContext extends RequestTarget {
  /** The `x-request-id` response header, if any. */
  readonly requestId?: string | undefined;
  /** The parsed `retry-after-ms` / `Retry-After` header, in milliseconds, if any. */
  readonly retryAfterMs?: number | undefined;
}

const CLASS_BY_STATUS: Readonly<Record<number, new (details: ApiErrorDetails) => ApiError>> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  412: PreconditionFailedError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/**
 * Maps a non-2xx response to the matching {@link ApiError} subclass: 400/401/403/404/409/412/422/429 by
 * status, every status ≥ 500 to {@link InternalServerError}, anything else to {@link ApiError}.
 * `body` may be the raw text or parsed JSON; a body that is not the error envelope (an HTML page from a
 * proxy, an empty 502) is tolerated: the code becomes `http_<status>` and the message the reason phrase.
 * The body text itself never enters the message, since a proxy page may echo request headers.
 */
export function errorFromResponse(status: number, body: unknown, context: ResponseContext): ApiError {
  const envelope = ErrorEnvelope.safeParse(typeof body === "string" ? parseJson(body) : body);
  const fields = envelope.success
    ? envelope.data.error
    : { code: `http_${status}`, type: "api_error", message: fallbackMessage(status), param: undefined };
  const details: ApiErrorDetails = {
    status,
    code: fields.code,
    type: fields.type,
    message: fields.message,
    param: fields.param,
    method: context.method,
    path: stripQuery(context.path),
    requestId: context.requestId,
    retryAfterMs: context.retryAfterMs,
  };
  const Class = status >= 500 ? InternalServerError : (CLASS_BY_STATUS[status] ?? ApiError);
  return new Class(details);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function fallbackMessage(status: number): string {
  return `${STATUS_CODES[status] ?? "Unexpected status"} (the response body was not an API error envelope).`;
}

function stripQuery(path: string): string {
  const q = path.search(/[?#]/);
  return q === -1 ? path : path.slice(0, q);
}
