import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createClient, Traffic, type ClientOptions, type PerplexityClient } from "../../../client";

/** A request as the server saw it. */
export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** Answers one request; may also leave it hanging or destroy the socket. */
export type Reply = (req: SeenRequest, res: ServerResponse) => void;

/** A loopback HTTP server answering each request with the next scripted reply (the last one repeats). */
export interface ScriptedServer {
  readonly url: string;
  readonly requests: SeenRequest[];
  /** Replaces the script and forgets earlier requests. */
  script(...replies: Reply[]): void;
  close(): Promise<void>;
}

/** Starts a {@link ScriptedServer} on 127.0.0.1, port 0. */
export async function startScriptedServer(): Promise<ScriptedServer> {
  let replies: Reply[] = [];
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const seen = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      requests.push(seen);
      const reply = replies[Math.min(requests.length - 1, replies.length - 1)];
      if (reply) reply(seen, res);
      else json(500, { unscripted: true })(seen, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script(...next) {
      replies = next;
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A scripted server and a client of it, shared by the tests of one file; see {@link useScriptedClient}. */
export interface ScriptedClient {
  /** The server; it starts in `beforeAll`, so read it inside tests and hooks only. */
  readonly server: ScriptedServer;
  /** A client of {@link server}; likewise only inside tests and hooks. */
  readonly client: PerplexityClient;
  /** `METHOD url` of each request since the last `script()`, e.g. `GET /v1/groups?limit=1`. */
  seen(): string[];
}

/** Options of {@link useScriptedClient}: the client's, except the base URL, which is the server's. */
export type ScriptedClientOptions = Partial<Omit<ClientOptions, "baseUrl">> & {
  /** Gives the client the server's URL with a trailing slash, which it must ignore. Optional; default false. */
  readonly trailingSlash?: boolean;
};

/**
 * Starts a {@link ScriptedServer} before a file's tests and closes it after them, with a client of it whose
 * key defaults to `pplx-k` and whose retries never really sleep (so retried tests stay fast). Call it once,
 * at the top level of a test file.
 */
export function useScriptedClient(options: ScriptedClientOptions = {}): ScriptedClient {
  const { trailingSlash = false, ...clientOptions } = options;
  let server: ScriptedServer | undefined;
  let client: PerplexityClient | undefined;
  beforeAll(async () => {
    server = await startScriptedServer();
    client = createClient({
      apiKey: "pplx-k",
      // Its own budget and cooldown: a test's retries must not spend another test's.
      traffic: new Traffic(),
      ...clientOptions,
      baseUrl: trailingSlash ? `${server.url}/` : server.url,
      retry: { sleep: async () => undefined, ...clientOptions.retry },
    });
  });
  afterAll(() => server?.close());
  // Reading the fields at a file's top level, before beforeAll ran, is a mistake worth a clear message.
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("The scripted server starts in beforeAll: use it inside a test or hook.");
    return value;
  };
  return {
    get server() {
      return started(server);
    },
    get client() {
      return started(client);
    },
    seen: () => started(server).requests.map((r) => `${r.method} ${r.url}`),
  };
}

/** Replies with a JSON body. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return (_req, res) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
}

/** Replies with the API's error envelope. */
export function apiError(status: number, code: string, type: string, message: string, extra: { param?: string; headers?: Record<string, string> } = {}): Reply {
  const error = extra.param === undefined ? { type, code, message } : { type, code, message, param: extra.param };
  return json(status, { error }, extra.headers);
}

/** Replies with a raw text body (e.g. a proxy's HTML page). */
export function text(status: number, body: string, contentType = "text/html"): Reply {
  return (_req, res) => {
    res.writeHead(status, { "content-type": contentType });
    res.end(body);
  };
}

/** Destroys the socket without answering: the client sees a connection reset. */
export const resetConnection: Reply = (_req, res) => {
  res.socket?.destroy();
};

/** Answers with `reply` after `ms` milliseconds (unless the client gave up and the socket closed). */
export function delayed(ms: number, reply: Reply): Reply {
  return (req, res) => {
    const timer = setTimeout(() => reply(req, res), ms);
    res.on("close", () => clearTimeout(timer));
  };
}

/** A group as the API returns it. */
export function groupBody(id = "grp_0123456789abcdefghijklmn", name = "Acme"): Record<string, unknown> {
  return {
    object: "group",
    id,
    name,
    address: { line1: "1 Main St", city: "Berlin", postal_code: "10115", country: "DE" },
    tax_id: null,
    tier: "tier_0",
    created_at: "2026-01-01T00:00:00.000Z",
    updated_at: "2026-01-01T00:00:00.000Z",
    owner: null,
  };
}
