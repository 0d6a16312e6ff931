import type * as http from "node:http";

/**
 * The agent that sends a client's requests through the proxy the environment names for `baseUrl`
 * (`HTTPS_PROXY` or `HTTP_PROXY` by scheme, `ALL_PROXY`, any case), or undefined to connect directly,
 * also when `NO_PROXY` lists the host: the rules curl and most HTTP libraries follow (`proxy-from-env`).
 * An `https` API is reached through a `CONNECT` tunnel, so the proxy never sees the Authorization
 * header; over plain `http` it does. The proxy agents are loaded only when a proxy applies.
 */
export function proxyAgentFor(baseUrl: string): http.Agent | undefined {
  const { getProxyForUrl } = require("proxy-from-env") as { getProxyForUrl(url: string): string };
  const proxy = getProxyForUrl(baseUrl);
  if (proxy === "") return undefined;
  if (new URL(baseUrl).protocol === "https:") {
    const { HttpsProxyAgent } = require("https-proxy-agent") as typeof import("https-proxy-agent");
    return new HttpsProxyAgent(proxy, { keepAlive: true });
  }
  const { HttpProxyAgent } = require("http-proxy-agent") as typeof import("http-proxy-agent");
  return new HttpProxyAgent(proxy, { keepAlive: true });
}
