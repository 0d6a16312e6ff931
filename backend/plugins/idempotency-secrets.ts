import * as crypto from "node:crypto";
import { BackendError } from "../errors";

/** Top-level response fields holding a secret that is shown only once: an API key's token. */
export const SECRET_FIELDS: readonly string[] = ["token", "auth_token"];

/** Marks a field value sealed by {@link createSecretSealer}: `sealed:v1:` + base64url(iv ‖ tag ‖ ciphertext). */
const SEALED_PREFIX = "sealed:v1:";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Keeps secrets out of the idempotency records, which are stored in SQLite so replays survive as long
 * as the database: before a response body is stored, its {@link SECRET_FIELDS} are encrypted with
 * AES-256-GCM under a random key that exists only in this process's memory; a replay decrypts them.
 * After a restart the key is gone, so such a replay can no longer show the secret and is refused
 * (409 `idempotency_replay_unavailable`) rather than answered without it.
 */
export interface SecretSealer {
  /** The body to store: `body` with its secret fields sealed; other bodies unchanged (the same bytes). */
  seal(body: string): string;
  /**
   * The body to replay, with its secret fields unsealed.
   * @throws BackendError 409 `idempotency_replay_unavailable` when a field was sealed by another process.
   */
  open(body: string): string;
}

/** Creates a {@link SecretSealer} with a new random key. */
export function createSecretSealer(): SecretSealer {
  const key = crypto.randomBytes(32);
  const encrypt = (plaintext: string) => {
    const iv = crypto.randomBytes(IV_BYTES);
    const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
    const sealed = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return SEALED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64url");
  };
  const decrypt = (value: string): string | undefined => {
    try {
      const raw = Buffer.from(value.slice(SEALED_PREFIX.length), "base64url");
      const decipher = crypto.createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
    } catch {
      // Sealed under another process's key (or damaged): the secret is gone for good.
      return undefined;
    }
  };
  return {
    seal: (body) => mapSecrets(body, (value) => encrypt(value)),
    open: (body) =>
      mapSecrets(body, (value, object) => {
        if (!value.startsWith(SEALED_PREFIX)) return value;
        const plaintext = decrypt(value);
        if (plaintext === undefined) throw new BackendError("idempotency_replay_unavailable", unavailableMessage(object));
        return plaintext;
      }),
  };
}

/** `body` with `map` applied to each string secret field of its top-level object; unchanged when it has none. */
function mapSecrets(body: string, map: (value: string, object: Record<string, unknown>) => string): string {
  // Cheap pre-check: most stored bodies (groups, members) have no secret field at all.
  if (!SECRET_FIELDS.some((field) => body.includes(`"${field}"`))) return body;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body;
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return body;
  const object = parsed as Record<string, unknown>;
  const fields = SECRET_FIELDS.filter((field) => typeof object[field] === "string");
  if (fields.length === 0) return body;
  for (const field of fields) object[field] = map(object[field] as string, object);
  // The body came from JSON.stringify, so re-serializing keeps every other byte as it was.
  return JSON.stringify(object);
}

function unavailableMessage(object: Record<string, unknown>): string {
  const id = object["id"];
  const name = object["token_name"];
  const what = typeof id === "string" ? `API key ${id}` : typeof name === "string" ? `an API key named "${name}"` : "an API key";
  return `The request with this Idempotency-Key already created ${what}, but its secret is shown only once and cannot be replayed ` +
    "after the backend restarted: revoke that key if it is unused, and send the request again with a new Idempotency-Key.";
}
