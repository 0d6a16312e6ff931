import { isApiError } from "../client";

/**
 * An error for a create that made the remote object but failed afterwards. The dynamic-provider host
 * recognises the `id`/`properties`/`reasons` members and records the resource with its id, so a retry
 * (`pulumi up` again) continues instead of leaking the object.
 */
export class ResourceInitFailedError extends Error {
  /** The id of the object that was created. */
  readonly id: string;
  /** The outputs known so far; they include `__provider` so a later delete can run. */
  readonly properties: Record<string, unknown>;
  /** Why initialisation failed, one sentence each. */
  readonly reasons: string[];

  constructor(id: string, properties: Record<string, unknown>, reason: string) {
    super(`${reason} The object was created with id ${id}; it is recorded in the stack, run \`pulumi up\` again to finish.`);
    this.name = "ResourceInitFailedError";
    this.id = id;
    this.properties = properties;
    this.reasons = [reason];
  }
}

/**
 * Prefixes an error with what the provider was doing, keeping the client's safe message (which never
 * contains credentials or request bodies). Non-Error values are stringified.
 */
export function withContext(action: string, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  const wrapped = new Error(`${action}: ${message}`);
  wrapped.name = error instanceof Error ? error.name : "Error";
  return wrapped;
}

/**
 * What to tell the user for known error codes, so that each error states its fix once. A string is appended
 * to the API's message, for codes whose message says what is wrong but not what to do in a program;
 * `{instead}` replaces the message's last sentence, where the API states its own fix in API terms (e.g.
 * `force=true`) and a program fixes it differently (e.g. `forceDestroy`). Codes whose API message already
 * states the fix a program needs get no hint at all.
 */
export type Hints = Readonly<Record<string, string | { readonly instead: string }>>;

/** Runs `call`; on failure rethrows with the action and the hint for the error's code, if any. */
export async function attempt<T>(action: string, call: Promise<T>, hints: Hints = {}): Promise<T> {
  try {
    return await call;
  } catch (e) {
    throw explain(action, e, hints);
  }
}

/**
 * Like {@link attempt}, but returns null when the API says the object (or its group) is gone. Every other
 * error, 401 and 403 included, fails: an expired credential must never look like a deleted object.
 */
export async function unlessGone<T>(action: string, call: Promise<T>, goneCodes: readonly string[], hints: Hints = {}): Promise<T | null> {
  try {
    return await call;
  } catch (e) {
    if (goneCodes.some((code) => isApiError(e, code))) return null;
    throw explain(action, e, hints);
  }
}

/**
 * Hints every action gets. `refresh` and `destroy` run with the key saved with the stack's provider, not
 * the one in config, so the 401 hint says how to replace that one too.
 */
const COMMON_HINTS: Hints = {
  unauthenticated:
    "Check perplexity:apiKey (or PERPLEXITY_API_KEY): the key is wrong or was revoked. Refresh and destroy use the key " +
    "saved with the stack; after fixing the config, run `pulumi up` (or `pulumi refresh --run-program`) to replace it.",
};

function explain(action: string, error: unknown, hints: Hints): Error {
  const hint = Object.entries({ ...COMMON_HINTS, ...hints }).find(([code]) => isApiError(error, code))?.[1];
  if (hint === undefined) return withContext(action, error);
  const message = (error as Error).message;
  return withContext(action, new Error(typeof hint === "string" ? `${message} ${hint}` : `${withoutLastSentence(message)} ${hint.instead}`));
}

/** `"A. B. Do this."` → `"A. B."`; a message of one sentence is kept whole (there is no advice to drop). */
export function withoutLastSentence(message: string): string {
  const cut = message.trimEnd().slice(0, -1).lastIndexOf(". ");
  return cut < 0 ? message : message.slice(0, cut + 1);
}

// The lines `reported` errors would add to the dynamic-provider host's stderr, each dropped once.
const unsaid = new Set<string>();
let filtering = false;

/**
 * Runs a provider call whose failure the engine shows as the call's error. The dynamic-provider host also
 * prints every error it passes on to stderr as `${e}: ${e.stack}`, which the CLI shows under the Stack
 * resource: the message twice more and a JavaScript stack trace of the provider's internals. That one line
 * is dropped (it adds nothing the error does not say); whatever else reaches stderr is untouched.
 */
export async function reported<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (e instanceof Error) {
      unsaid.add(`${e}: ${e.stack}`);
      if (!filtering) filterHostLines();
    }
    throw e;
  }
}

function filterHostLines(): void {
  filtering = true;
  const write = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    if (args.length === 1 && typeof args[0] === "string" && unsaid.delete(args[0])) return;
    write(...args);
  };
}
