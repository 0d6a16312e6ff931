import type { z } from "zod";
import { ErrorEnvelope, IDEMPOTENCY_HEADER } from "../api/common";
import { clearToken, readToken } from "./session";

/**
 * Dispatched on `window` when the API answers 401 to the credential a call carried: it was revoked (a removed
 * member, a rotated management key) or never valid. The credential is already forgotten; the app signs out.
 */
export const CREDENTIAL_REJECTED = "pulumi-perplexity:credential-rejected";

/** A management API error as the console shows it: the API's stable `code`, its message, and the field it names. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly param?: string) {
    super(message);
  }
}

/**
 * Calls the management API on this origin with the signed-in credential and parses the answer with the
 * contract's `schema` (so a backend that drifts from the contract fails loudly here, not in a page).
 * POSTs carry a fresh Idempotency-Key. Non-2xx answers throw {@link ApiError} with the envelope's fields; a 401
 * also signs out ({@link CREDENTIAL_REJECTED}).
 */
export async function api<T extends z.ZodType>(schema: T, method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", path: string, body?: unknown): Promise<z.infer<T>> {
  const headers: Record<string, string> = { accept: "application/json" };
  const token = readToken();
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  if (method === "POST") headers[IDEMPOTENCY_HEADER] = crypto.randomUUID();
  const response = await fetch(path, { method, headers, body: body === undefined ? null : JSON.stringify(body), credentials: "omit" });
  const answer: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    if (response.status === 401 && token !== undefined) {
      clearToken();
      dispatchEvent(new Event(CREDENTIAL_REJECTED));
    }
    const envelope = ErrorEnvelope.safeParse(answer);
    if (!envelope.success) throw new ApiError(response.status, "unexpected_response", `The API answered ${response.status}.`);
    const { code, message, param } = envelope.data.error;
    throw new ApiError(response.status, code, message, param);
  }
  return schema.parse(answer);
}

/** `path` with `query`'s defined values appended as a query string. */
export function withQuery(path: string, query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== "") params.set(k, String(v));
  const text = params.toString();
  return text === "" ? path : `${path}?${text}`;
}
