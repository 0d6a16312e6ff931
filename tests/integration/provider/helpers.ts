import { dispatch } from "../../../provider";
import { groupMadeByHand, type TestBackend } from "../../helpers/backend";

/** A provider of `kind` configured the way the engine configures it, talking to `backend` with `apiKey`. */
export function providerFor(backend: TestBackend, kind: string, apiKey = backend.adminToken) {
  const values: Record<string, string> = { "perplexity:apiKey": apiKey, "perplexity:baseUrl": backend.url };
  return dispatch(kind, { get: (key: string) => values[key] });
}

/** Creates a group directly through the API and returns its id. */
export async function newGroup(backend: TestBackend): Promise<string> {
  return (await groupMadeByHand(backend)).groupId;
}

/** Runs `check` then `create`, as the engine does, and fails the test on check failures. */
export async function checkedCreate(provider: ReturnType<typeof providerFor>, news: Record<string, unknown>) {
  const { inputs, failures } = await provider.check({}, news);
  if (failures?.length) throw new Error(`check failed: ${JSON.stringify(failures)}`);
  return provider.create(inputs);
}
