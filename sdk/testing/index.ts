/**
 * `pulumi-perplexity/testing`: unit-test programs that use pulumi-perplexity with Pulumi's own mocks
 * (`pulumi.runtime.setMocks`), under jest, mocha or any other runner: no engine, no backend, no network.
 *
 * @example
 * import { outputValue, setPerplexityMocks } from "pulumi-perplexity/testing";
 *
 * beforeAll(() => setPerplexityMocks()); // before the program is imported
 * it("invites ada as an admin", async () => {
 *   const { Member } = await import("pulumi-perplexity");
 *   const ada = new Member("ada", { groupId: "grp_0123456789abcdefghijklmn", email: "Ada@Example.com", role: "admin" });
 *   expect(await outputValue(ada.email)).toBe("ada@example.com");
 * });
 */
import * as pulumi from "@pulumi/pulumi";
import { checkFailuresOf, perplexityMocks, takeCheckFailures, type PerplexityMocksOptions } from "./mocks";

export { isPerplexityType, perplexityMocks, type PerplexityMocksOptions } from "./mocks";

/** Options of {@link setPerplexityMocks}: Pulumi's own `setMocks` arguments, plus the mocks' clock. */
export interface SetPerplexityMocksOptions extends PerplexityMocksOptions {
  /** The project name `pulumi.getProject()` returns. Default `project` (Pulumi's default). */
  readonly project?: string;
  /** The stack name `pulumi.getStack()` returns. Default `stack` (Pulumi's default). */
  readonly stack?: string;
  /** Run as `pulumi preview`: only inputs are checked and outputs are the checked inputs. Default false. */
  readonly preview?: boolean;
}

/**
 * Installs {@link perplexityMocks} with `pulumi.runtime.setMocks`. Call it before the program under test
 * creates resources, i.e. before it is imported (`await import(…)` or `require` inside the test).
 *
 * @param others Mocks for other providers' resources and calls, e.g. `@pulumi/random`'s.
 */
export function setPerplexityMocks(others: Partial<pulumi.runtime.Mocks> = {}, options: SetPerplexityMocksOptions = {}): Promise<void> {
  takeCheckFailures();
  return pulumi.runtime.setMocks(perplexityMocks(others, options), options.project, options.stack, options.preview);
}

/**
 * The value of an output, as a promise: what a test awaits to assert on it. It rejects when the resource
 * behind the output failed, e.g. with the check message of an invalid input. Secrets are revealed to the
 * test; `pulumi.isSecret(output)` tells whether the value is one.
 */
export async function outputValue<T>(output: pulumi.Output<T>): Promise<T> {
  const value = await internals(output).promise();
  const urns = await Promise.all([...(await internals(output).allResources())].map((r) => internals(r.urn).promise()));
  const failures = checkFailuresOf(urns);
  if (failures.length > 0) throw new Error(failures.join("\n"));
  return value;
}

/** Accessors every Output has although the typings hide them: the value, and the resources it came from. */
function internals<T>(output: pulumi.Output<T>): { promise(): Promise<T>; allResources(): Promise<Set<pulumi.Resource>> } {
  return output as unknown as { promise(): Promise<T>; allResources(): Promise<Set<pulumi.Resource>> };
}

/**
 * Runs a program (the function a Pulumi program exports, or any function that declares resources) under
 * the installed mocks as `pulumi up` runs it: inside a stack, waiting for every resource. Resolves to the
 * stack outputs as plain values (secrets revealed). Rejects, like `pulumi preview`, when any
 * pulumi-perplexity resource had invalid input, with every failure message, one per line, even for
 * resources whose outputs the program does not return. Install the mocks before each run: the run ends
 * by disconnecting from them, as a real program does.
 */
export async function runProgram(program: () => unknown): Promise<Record<string, unknown>> {
  takeCheckFailures();
  // An error of the program itself is kept for after the run: thrown inside the stack, it would also
  // reject the stack's internal promises, which nobody awaits, and kill the test runner's worker.
  let thrown: { error: unknown } | undefined;
  const outputs = await pulumi.runtime.runInPulumiStack(async () => {
    try {
      return (await program()) as Record<string, unknown> | undefined;
    } catch (error) {
      thrown = { error };
      return undefined;
    }
  });
  await pulumi.runtime.disconnect();
  const failures = takeCheckFailures();
  if (failures.length > 0) throw new Error(failures.join("\n"));
  if (thrown) throw thrown.error;
  return outputs ?? {};
}
