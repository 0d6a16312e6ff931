import * as crypto from "node:crypto";

/** The SHA-256 digest of `value` (UTF-8), as 64 lower-case hex characters. */
export function sha256Hex(value: string): string {
  return crypto.hash("sha256", value, "hex");
}

/**
 * Compares two hex digests in constant time, so response timing says nothing about how much of a
 * token matched. Digests of different lengths are simply unequal.
 */
export function digestsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/**
 * A new random id: `prefix` followed by `length` (default 24) characters from `[a-z0-9]`, e.g.
 * `grp_0123456789abcdefghijklmn`. Uses `crypto.randomInt`, which is unbiased, so ids stay uniformly random.
 */
export function randomId(prefix: string, length = 24): string {
  let suffix = "";
  for (let i = 0; i < length; i++) suffix += ID_ALPHABET[crypto.randomInt(ID_ALPHABET.length)];
  return prefix + suffix;
}

/** A new random secret: `prefix` followed by 32 random bytes in base64url (256 bits of entropy). */
export function randomSecret(prefix: string): string {
  return prefix + crypto.randomBytes(32).toString("base64url");
}
