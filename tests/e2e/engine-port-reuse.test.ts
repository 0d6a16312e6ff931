import * as grpc from "@grpc/grpc-js";
import "pulumi-perplexity";
import { LOCAL_POOL_OPTION } from "../../sdk/grpc-pool";

// The failure sdk/grpc-pool.ts works around, reproduced without the engine: see the comment there.
const ping = {
  ping: {
    path: "/test.Engine/Ping", requestStream: false, responseStream: false,
    requestSerialize: (b: Buffer) => b, requestDeserialize: (b: Buffer) => b,
    responseSerialize: (b: Buffer) => b, responseDeserialize: (b: Buffer) => b,
  },
} satisfies grpc.ServiceDefinition;
const Client = grpc.makeGenericClientConstructor(ping, "Engine");
type PingClient = InstanceType<typeof Client> & { ping(req: Buffer, cb: (e: grpc.ServiceError | null, r?: Buffer) => void): void };

async function engine(address: string, reply: string): Promise<{ server: grpc.Server; port: number }> {
  const server = new grpc.Server();
  server.addService(ping, { ping: (_call: unknown, cb: grpc.sendUnaryData<Buffer>) => cb(null, Buffer.from(reply)) });
  const port = await new Promise<number>((resolve, reject) => server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  return { server, port };
}

function call(client: PingClient): Promise<string> {
  return new Promise((resolve) => client.ping(Buffer.from("x"), (e, r) => resolve(e ? `error: ${e.details}` : r!.toString())));
}

/** Runs "engine A answers, exits, is called again; engine B takes its port; a new client calls B". */
async function secondRunOnReusedPort(sdkOptions: grpc.ClientOptions): Promise<string> {
  // A back-off far longer than the test, so a slow machine cannot let the stale connection recover first.
  const options = { ...sdkOptions, "grpc.initial_reconnect_backoff_ms": 60_000 };
  const { server: a, port } = await engine("127.0.0.1:0", "A");
  const address = `127.0.0.1:${port}`;
  const stale = new Client(address, grpc.credentials.createInsecure(), options) as PingClient;
  const clients = [stale];
  try {
    expect(await call(stale)).toBe("A");
    a.forceShutdown();
    expect(await call(stale)).toMatch(/^error: .*ECONNREFUSED/);
    const { server: b } = await engine(address, "B");
    try {
      const fresh = new Client(address, grpc.credentials.createInsecure(), options) as PingClient;
      clients.push(fresh);
      return await call(fresh);
    } finally {
      b.forceShutdown();
    }
  } finally {
    clients.forEach((c) => c.close());
  }
}

describe("an engine port reused by a later run in the same process", () => {
  it("is unreachable for a new client on grpc-js's shared pool (the failure the package works around)", async () => {
    expect(await secondRunOnReusedPort({})).toBe("error: No connection established. Last error: null. Resolution note: ");
  });

  it("is reached by a client made with the SDK's options once the package is loaded", async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { grpcClientOptions } = require("@pulumi/pulumi/runtime/settings") as { grpcClientOptions?: grpc.ClientOptions };
    expect(grpcClientOptions).toMatchObject({ [LOCAL_POOL_OPTION]: 1 });
    expect(await secondRunOnReusedPort(grpcClientOptions!)).toBe("B");
  });
});
