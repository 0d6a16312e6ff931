import * as http from "node:http";
import * as https from "node:https";
import { ApiConnectionError, ApiTimeoutError, type RequestTarget } from "./errors";
import { proxyAgentFor } from "./proxy";
import type { HttpMethod } from "./retry";

/** Largest response or request body accepted, in bytes (16 MiB); management responses are far smaller. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * How one client reaches the API: the base URL and one keep-alive agent (so a `pulumi up` with many
 * resources reuses connections), through the proxy that `HTTPS_PROXY`/`HTTP_PROXY` name for the API's host
 * unless `NO_PROXY` exempts it. Holds no credentials: the Authorization header is added per request.
 */
export interface Transport {
  /** The base URL without trailing slashes; paths are appended to it. */
  readonly baseUrl: string;
  /** The agent every request of this client uses. */
  readonly agent: http.Agent;
  /** `node:http` or `node:https`, by the base URL's scheme. */
  readonly module: typeof http | typeof https;
}

/**
 * Creates the transport of one client. Node's own `http` rather than an HTTP library: the provider process
 * sends one request per resource and loads this module for every engine operation, and a library's
 * per-request machinery and load time were a fifth of the provider's CPU in `pulumi up` (issue 16's
 * profile). Every status is returned rather than thrown (the error mapping is ours), no redirect is
 * followed (an API that redirects is misconfigured, and following could send the token elsewhere).
 */
export function createTransport(baseUrl: string): Transport {
  const base = baseUrl.replace(/\/+$/, "");
  const secure = new URL(base).protocol === "https:";
  const agent = proxyAgentFor(base) ?? (secure ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true }));
  return { baseUrl: base, agent, module: secure ? https : http };
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
 * headers and body): an abort timer rather than a socket idle timeout, so a server trickling bytes cannot
 * hold an attempt open. Transport failures become {@link ApiTimeoutError} or {@link ApiConnectionError}
 * carrying only the system error code; a response body over {@link MAX_BODY_BYTES} is a connection error
 * with code `ERR_BODY_TOO_LARGE`.
 */
export async function sendAttempt(transport: Transport, spec: AttemptSpec, timeoutMs: number): Promise<RawResponse> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const target = { method: spec.method, path: spec.path };
  try {
    return await exchange(transport, spec, controller.signal);
  } catch (e) {
    if (controller.signal.aborted) throw new ApiTimeoutError(target, timeoutMs);
    throw new ApiConnectionError(target, systemCode(e));
  } finally {
    clearTimeout(timer);
  }
}

function exchange(transport: Transport, spec: AttemptSpec, signal: AbortSignal): Promise<RawResponse> {
  const query = spec.query ? new URLSearchParams(spec.query).toString() : "";
  const url = `${transport.baseUrl}${spec.path}${query ? `?${query}` : ""}`;
  const body = spec.data === undefined ? undefined : Buffer.from(spec.data, "utf8");
  if (body && body.length > MAX_BODY_BYTES) return Promise.reject(Object.assign(new Error("request body too large"), { code: "ERR_BODY_TOO_LARGE" }));
  const headers = body ? { ...spec.headers, "Content-Length": String(body.length) } : spec.headers;
  return new Promise((resolve, reject) => {
    const req = transport.module.request(url, { method: spec.method, headers, agent: transport.agent, signal }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) return void res.destroy(Object.assign(new Error("response body too large"), { code: "ERR_BODY_TOO_LARGE" }));
        chunks.push(chunk);
      });
      res.on("error", reject);
      res.on("end", () => {
        const text = Buffer.concat(chunks, size).toString("utf8");
        resolve({ status: res.statusCode ?? 0, header: (name) => res.headers[name.toLowerCase()], text });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** The system error code (e.g. `ECONNRESET`), never the message, which may echo the URL. */
function systemCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[A-Z0-9_]{1,64}$/.test(code) ? code : undefined;
}
