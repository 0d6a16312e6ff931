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
