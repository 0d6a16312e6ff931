import * as http from "node:http";
import type { AddressInfo } from "node:net";

/** A loopback HTTP proxy that holds every request for a fixed time before forwarding it. */
export interface LatencyProxy {
  /** Base URL to give the provider instead of the backend's, e.g. `http://127.0.0.1:40124`. */
  readonly url: string;
  /** Stops listening and drops idle connections. */
  close(): Promise<void>;
}

/**
 * Starts a proxy on 127.0.0.1, port 0, that waits `delayMs` milliseconds (the added network latency of
 * one API call) and then forwards the request to `target` over keep-alive connections. The bench's own:
 * it does not depend on any fault injection in the backend.
 */
export async function startLatencyProxy(target: string, delayMs: number): Promise<LatencyProxy> {
  const upstream = new URL(target);
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    const body: Buffer[] = [];
    req.on("data", (chunk: Buffer) => body.push(chunk));
    req.on("end", () => setTimeout(() => {
      const out = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers, agent }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      out.on("error", () => {
        res.writeHead(502);
        res.end();
      });
      out.end(Buffer.concat(body));
    }, delayMs));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
      agent.destroy();
    }),
  };
}
