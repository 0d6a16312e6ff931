// Engine runs take seconds each (a CLI process, a provider process, state writes); one test may run several.
jest.setTimeout(180_000);

// A test file runs many inline-program operations in one process. grpc-js shares connections per address
// process-wide, and a run whose engine exited under it (a preview that failed at check) keeps a client whose
// connection is in back-off. When the OS gives a later engine that same port, the later run's first call
// fails at once with UNAVAILABLE ("No connection established. Last error: null"), and the SDK ends a
// program on a gRPC error as if it had finished: the preview "passes" having registered nothing (CI, the
// compatibility leg, bad-input case 18). A connection pool per client keeps one run's dead engine out of the
// next run's. The options object is the SDK's internal one; engine-port-reuse.test.ts fails if it moves.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdkSettings = require("@pulumi/pulumi/runtime/settings") as { grpcClientOptions?: Record<string, unknown> };
if (sdkSettings.grpcClientOptions) sdkSettings.grpcClientOptions["grpc.use_local_subchannel_pool"] = 1;
