import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createClient, Traffic } from "../../../client";
import { groupBody, json, startScriptedServer, type ScriptedServer } from "./scripted-server";

const PROXY_VARIABLES = ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"];

/** A forward proxy for plain http: answers absolute-URI requests by sending them on, and records each URI. */
async function startForwardProxy(): Promise<{ url: string; seen: string[]; server: Server }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const upstream = request(req.url ?? "", { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

describe("a client in an environment that names a proxy", () => {
  let api: ScriptedServer;
  let proxy: Awaited<ReturnType<typeof startForwardProxy>>;
  const saved = Object.fromEntries(PROXY_VARIABLES.map((name) => [name, process.env[name]]));
  beforeAll(async () => {
    api = await startScriptedServer();
    proxy = await startForwardProxy();
  });
  beforeEach(() => PROXY_VARIABLES.forEach((name) => delete process.env[name]));
  afterAll(async () => {
    for (const [name, value] of Object.entries(saved)) if (value === undefined) delete process.env[name]; else process.env[name] = value;
    proxy.server.closeAllConnections();
    await new Promise((resolve) => proxy.server.close(resolve));
    await api.close();
  });
  const client = () => createClient({ baseUrl: api.url, apiKey: "pplx-k", traffic: new Traffic() });

  it("sends every request through the proxy HTTP_PROXY names", async () => {
    process.env.HTTP_PROXY = proxy.url;
    api.script(json(200, groupBody()));
    await expect(client().groups.retrieve("grp_0123456789abcdefghijklmn")).resolves.toMatchObject({ name: "Acme" });
    expect(proxy.seen).toEqual([`GET ${api.url}/v1/groups/grp_0123456789abcdefghijklmn`]);
    expect(api.requests[0]?.headers.authorization).toBe("Bearer pplx-k");
  });

  it("connects straight to the API when NO_PROXY lists its host, and when no proxy is named", async () => {
    process.env.HTTP_PROXY = proxy.url;
    process.env.NO_PROXY = "localhost,127.0.0.1";
    proxy.seen.length = 0;
    api.script(json(200, groupBody()));
    await client().groups.retrieve("grp_0123456789abcdefghijklmn");
    delete process.env.HTTP_PROXY;
    await client().groups.retrieve("grp_0123456789abcdefghijklmn");
    expect(proxy.seen).toEqual([]);
    expect(api.requests).toHaveLength(2);
  });
});
