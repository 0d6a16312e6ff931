import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { IDEMPOTENCY_HEADER, IDEMPOTENT_REPLAYED_HEADER } from "../../api";
import { BackendError } from "../errors";
import { fingerprintRequest, type IdempotencyStore, type IdempotentRequest } from "../store/idempotency";
import { createSecretSealer } from "./idempotency-secrets";

declare module "fastify" {
  interface FastifyRequest {
    /** Fingerprint of the body as received (before validation defaults or trimming), for idempotency. */
    idempotencyFingerprint?: string;
    /** The reservation this request holds, to complete or release once the response is known. */
    idempotencyReservation?: IdempotentRequest | undefined;
  }
}

/** Longest accepted `Idempotency-Key`, in characters (Stripe's limit). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/**
 * `Idempotency-Key` on POST (only POST), Stripe-style: the first response is stored and replayed with
 * `Idempotent-Replayed: true` for 24 hours to the same principal sending the same request; the same key
 * with a different request is 422 `idempotency_key_reused`; a duplicate while the first is still running
 * is 409 `idempotency_key_in_use` with `Retry-After: 1`. The key is checked after auth and validation, so
 * 401s and schema 400s are never stored; nor are 409 conflicts (an object another stack holds may be
 * released), 429s and 5xx, whose retries should run again.
 * Test-mode controls under `/_backend/` are exempt. Secrets in stored bodies (API key tokens) are
 * encrypted under a key held only in memory (see `createSecretSealer`), so no token reaches the database.
 */
export function installIdempotency(app: FastifyInstance, store: IdempotencyStore, nowMs: () => number): void {
  const secrets = createSecretSealer();
  // Synchronous hooks (an async one costs a promise and a microtask per request on every POST), and the
  // header is checked first: most requests carry no key, and then none of the three does any work.
  app.addHook("preValidation", (request, _reply, done) => {
    // Only requests that carry a key are fingerprinted: canonicalizing a large body (100 usage events) costs.
    if (request.headers[IDEMPOTENCY_HEADER] !== undefined && applies(request)) {
      request.idempotencyFingerprint = fingerprintRequest(request.method, request.url, request.body);
    }
    done();
  });
  app.addHook("preHandler", (request, reply, done) => {
    const key = request.headers[IDEMPOTENCY_HEADER] !== undefined && applies(request) ? keyOf(request) : undefined;
    if (key === undefined || request.principal === undefined || request.idempotencyFingerprint === undefined) return done();
    const idempotent = { principalId: request.principal.id, key, fingerprint: request.idempotencyFingerprint };
    const decision = store.begin(idempotent, nowMs());
    if (decision.kind === "reused") return done(new BackendError("idempotency_key_reused", REUSED_MESSAGE));
    if (decision.kind === "in_use") return done(new BackendError("idempotency_key_in_use", IN_USE_MESSAGE, undefined, { "retry-after": "1" }));
    // Sending the replay ends the request; `done` must then not be called.
    if (decision.kind === "replay") return void replay(reply, decision.status, secrets.open(decision.body));
    request.idempotencyReservation = idempotent;
    done();
  });
  app.addHook("onSend", (request, reply, payload, done) => {
    const reservation = request.idempotencyReservation;
    if (reservation === undefined) return done(null, payload);
    request.idempotencyReservation = undefined;
    const status = reply.statusCode;
    if (status >= 500 || status === 401 || status === 409 || status === 429) store.release(reservation);
    else store.complete(reservation, status, secrets.seal(typeof payload === "string" ? payload : String(payload ?? "")));
    done(null, payload);
  });
}

const REUSED_MESSAGE = "This Idempotency-Key was already used with a different request; use a new key for a new request.";
const IN_USE_MESSAGE = "A request with this Idempotency-Key is still being processed; retry shortly.";

function applies(request: FastifyRequest): boolean {
  return request.method === "POST" && !request.is404 && !(request.routeOptions.url ?? "").startsWith("/_backend/");
}

function keyOf(request: FastifyRequest): string | undefined {
  const raw = request.headers[IDEMPOTENCY_HEADER];
  if (raw === undefined) return undefined;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (key === undefined || key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new BackendError("invalid_request", `Idempotency-Key must be 1-${MAX_IDEMPOTENCY_KEY_LENGTH} characters.`, "Idempotency-Key");
  }
  return key;
}

function replay(reply: FastifyReply, status: number, body: string): FastifyReply {
  // A string body with a JSON content type is sent as-is: the stored bytes, not a re-serialization.
  return reply.code(status).header(IDEMPOTENT_REPLAYED_HEADER, "true").type("application/json; charset=utf-8").send(body);
}
