/*
 * Gives each of the Pulumi SDK's gRPC clients (to the engine and the resource monitor) a connection pool of
 * its own, once, when the package loads.
 *
 * Why: the Automation API runs inline programs in the caller's process, one run after another, and grpc-js
 * shares connections per address process-wide. A run whose engine exited under it (a preview that failed at
 * `check`) can keep a client whose connection is in back-off. When the OS gives a later run's engine the same
 * port, that run's first call fails at once with `14 UNAVAILABLE: No connection established. Last error:
 * null`, and the SDK ends a program on a gRPC error as if it had finished, so the engine sees a program that
 * declared nothing. Seen in this project's CI; reproduced in `tests/e2e/engine-port-reuse.test.ts`. A pool per
 * client keeps one run's dead engine out of the next run's; in a CLI run (one program per process) nothing
 * changes. The options object is an SDK internal: when a version no longer has it, this does nothing.
 */

/** The grpc-js channel option set on the SDK's client options (1: a subchannel pool per client). */
export const LOCAL_POOL_OPTION = "grpc.use_local_subchannel_pool";

function usePoolPerClient(): void {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const settings = require("@pulumi/pulumi/runtime/settings") as { grpcClientOptions?: unknown };
    const options = settings.grpcClientOptions;
    if (options && typeof options === "object") (options as Record<string, unknown>)[LOCAL_POOL_OPTION] = 1;
  } catch {
    // An SDK whose layout moved: it keeps its own default, as every program without this package does.
  }
}

usePoolPerClient();
