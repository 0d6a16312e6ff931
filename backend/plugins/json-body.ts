import type { FastifyInstance } from "fastify";
import { BackendError } from "../errors";

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
const lenientUtf8 = new TextDecoder("utf-8");
// A high surrogate not followed by a low one, or a low one not preceded by a high one (String#isWellFormed, ES2024).
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// Strictly decoded UTF-8 holds no surrogate at all: one can only come from a `\uD800`–`\uDFFF` escape in the
// JSON text, so a body without such an escape (every usual one) skips the walk over its parsed values.
const surrogateEscape = /\\u[dD][89a-fA-F]/;

/**
 * Replaces Fastify's JSON body parser with one that refuses text which is not valid Unicode: bytes that are
 * not UTF-8, and strings with lone UTF-16 surrogates (`"\ud800"`). Fastify's own parser would turn the first
 * into U+FFFD and keep the second, so what the backend stored and echoed differed from what was sent (and
 * from what a later read returned). Both are a 400 `invalid_request` naming the field. Parsing itself is
 * Fastify's (prototype poisoning refused), so every other body error keeps its mapping.
 */
export function installJsonBodyParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (request, body, done) => {
    const bytes = body as Buffer;
    // Before anything walks the parsed value (the field search below, the idempotency fingerprint): those
    // recurse, and a body of ~10 KB nested 5,000 levels deep would overflow the stack as a 500.
    if (!withinDepth(bytes, MAX_JSON_DEPTH)) {
      done(new BackendError("invalid_request", `The request body is nested more than ${MAX_JSON_DEPTH} levels deep.`), undefined);
      return;
    }
    let text: string;
    try {
      text = strictUtf8.decode(bytes);
    } catch {
      // Which field? Decode leniently and look for the replacement character the bad bytes became.
      const param = firstPath(tryParse(lenientUtf8.decode(bytes)), (s) => s.includes("\ufffd"));
      done(invalidText(param, "is not valid UTF-8 text"), undefined);
      return;
    }
    parseJson(request, text, (err, value) => {
      // Fastify refuses `__proto__` and `constructor.prototype` keys (prototype poisoning) as "not valid JSON",
      // which they are; say what is refused instead.
      if (err && (err as { code?: string }).code === "FST_ERR_CTP_INVALID_JSON_BODY" && tryParse(text) !== undefined) {
        return done(new BackendError("invalid_request", "The request body must not contain a `__proto__` or `constructor.prototype` key."), undefined);
      }
      if (err) return done(err, undefined);
      const param = surrogateEscape.test(text) ? firstPath(value, (s) => loneSurrogate.test(s)) : undefined;
      if (param !== undefined) return done(invalidText(param, "is not valid Unicode text (it contains a lone UTF-16 surrogate)"), undefined);
      done(null, value);
    });
  });
}

/** How deep a request body's arrays and objects may nest: real bodies nest a few levels, a JSON schema in a chat request a few more. */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether the JSON text's arrays and objects nest at most `max` levels: one pass over the bytes, counting
 * brackets outside strings, without recursion. UTF-8 continuation bytes never equal an ASCII bracket, quote
 * or backslash, so the bytes need no decoding first; malformed text is left to the parser.
 */
export function withinDepth(bytes: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === 0x5c) i++; // backslash: skip the escaped character
      else if (b === 0x22) inString = false;
    } else if (b === 0x22) inString = true;
    else if (b === 0x5b || b === 0x7b) {
      if (++depth > max) return false;
    } else if (b === 0x5d || b === 0x7d) depth--;
  }
  return true;
}

function invalidText(param: string | undefined, rule: string): BackendError {
  if (param === undefined || param === "") return new BackendError("invalid_request", `The request body ${rule}.`);
  return new BackendError("invalid_request", `Field \`${param}\` ${rule}.`, param);
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The dotted path of the first string (value or key) in `value` that `bad` flags, or undefined. */
function firstPath(value: unknown, bad: (s: string) => boolean, at: string[] = []): string | undefined {
  if (typeof value === "string") return bad(value) ? at.join(".") : undefined;
  if (value === null || typeof value !== "object") return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (bad(key)) return [...at, key].join(".");
    const found = firstPath(item, bad, [...at, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}
