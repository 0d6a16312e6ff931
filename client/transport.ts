import * as http from "node:http";
import * as https from "node:https";
import axios, { type AxiosInstance } from "axios";
import { ApiConnectionError, ApiTimeoutError, type RequestTarget } from "./errors";
import type { HttpMethod } from "./retry";

/** Largest response or request body accepted, in bytes (16 MiB); management responses are far smaller. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * Creates the axios instance of one client: `baseUrl` prefixed to every path, keep-alive agents (so a
 * `pulumi up` with many resources reuses connections), every status returned rather than thrown (the
 * error mapping is ours), no redirects followed, and bodies passed through as text. Holds no credentials:
 * the Authorization header is added per request.
 */
export function createTransport(baseUrl: string): AxiosInstance {
  return axios.create({
    baseURL: baseUrl.replace(/\/+$/, ""),
    validateStatus: () => true,
    // An API that redirects is misconfigured; following it could send the token somewhere unexpected.
    maxRedirects: 0,
    responseType: "text",
    transformRequest: [(data: unknown) => data],
    transformResponse: [(data: unknown) => data],
    maxContentLength: MAX_BODY_BYTES,
    maxBodyLength: MAX_BODY_BYTES,
    httpAgent: new http.Agent({ keepAlive: true }),
    httpsAgent: new https.Agent({ keepAlive: true }),
  });
}

/** One HTTP exchange to send. */
export interface AttemptSpec extends RequestTarget {
  /** HTTP method. */
  readonly method: HttpMethod;
  /** Query parameters; `undefined` values are left out. */
  readonly query?: Readonly<Record<string, string>> | undefined;
  /** Request headers, Authorization included; never copied into errors. */
  readonly headers: Readonly<Record<string, string>>;
  /** The serialized JSON body, identical on every attempt. */
  readonly data?: string | undefined;
}

/** A response as the retry loop needs it: status, headers by lower-case name, raw body text. */
export interface RawResponse {
  readonly status: number;
  readonly header: (name: string) => unknown;
  readonly text: string;
}

/**
 * Sends one attempt, giving up after `timeoutMs` milliseconds for the whole exchange (connect, send,
 * headers and body). Transport failures become {@link ApiTimeoutError} or {@link ApiConnectionError};
 * the AxiosError itself is dropped because its `config` holds the request headers.
 */
export async function sendAttempt(transport: AxiosInstance, spec: AttemptSpec, timeoutMs: number): Promise<RawResponse> {
  // An abort timer rather than axios' `timeout`: that one is a socket idle timeout, so a server trickling
  // bytes could hold an attempt open indefinitely.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const target = { method: spec.method, path: spec.path };
  try {
    const res = await transport.request<unknown>({
      method: spec.method,
      url: spec.path,
      params: spec.query,
      headers: spec.headers,
      data: spec.data,
      signal: controller.signal,
    });
    const text = typeof res.data === "string" ? res.data : "";
    return { status: res.status, header: (name) => res.headers[name], text };
  } catch (e) {
    if (controller.signal.aborted) throw new ApiTimeoutError(target, timeoutMs);
    throw new ApiConnectionError(target, systemCode(e));
  } finally {
    clearTimeout(timer);
  }
}

/** The system or axios error code (e.g. `ECONNRESET`), never the message, which may echo the URL. */
function systemCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[A-Z0-9_]{1,64}$/.test(code) ? code : undefined;
}
