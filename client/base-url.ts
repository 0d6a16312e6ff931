import { isIP } from "node:net";
import { PerplexityError } from "./errors";

/**
 * Checks that `url` may carry the API key: an absolute `https://` URL, or `http://` only when the host is
 * loopback (`localhost`, `127.0.0.0/8`, `[::1]`), since plain http elsewhere would send the bearer token
 * in clear text. Credentials in the URL, a query string or a fragment are rejected too.
 * @throws PerplexityError with code `invalid_base_url` and a message saying what to change (it never
 *   echoes user info from the URL).
 * @example `assertSafeBaseUrl("http://127.0.0.1:8787")` passes; `assertSafeBaseUrl("http://example.com")` throws.
 */
export function assertSafeBaseUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid("is not an absolute URL (expected e.g. https://api.example.com)");
  }
  if (parsed.username || parsed.password) {
    throw invalid("must not contain user info; pass the API key separately");
  }
  if (parsed.search || parsed.hash) {
    throw invalid("must not contain a query string or fragment");
  }
  const origin = `${parsed.protocol}//${parsed.host}`;
  if (parsed.protocol === "https:") return;
  if (parsed.protocol !== "http:") {
    throw invalid(`must use https (got ${origin})`);
  }
  if (!isLoopbackHost(parsed.hostname)) {
    throw invalid(`must use https; plain http is allowed only for localhost, 127.0.0.0/8 and [::1] (got ${origin})`);
  }
}

/** True for `localhost`, any `127.x.x.x` address and `::1` (with or without brackets). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "");
  if (host === "localhost") return true;
  if (isIP(host) === 4) return host.split(".")[0] === "127";
  return isIP(host) === 6 && host === "::1";
}

function invalid(reason: string): PerplexityError {
  return new PerplexityError(`The base URL ${reason}.`, "invalid_base_url");
}
