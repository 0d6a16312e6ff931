import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { BackendError, MESSAGES } from "./errors";
import { invalidRequestFrom } from "./validation";

/**
 * Fastify's own 4xx errors (body parsing) mapped to safe messages. Their original messages can quote the
 * request body (`JSON.parse` does), which must never reach a response or a log.
 */
const FRAMEWORK_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_EMPTY_JSON_BODY: "The request body is empty but Content-Type is application/json.",
  FST_ERR_CTP_INVALID_JSON_BODY: "The request body is not valid JSON.",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "Unsupported Content-Type: send the request body as application/json.",
  FST_ERR_CTP_BODY_TOO_LARGE: "The request body is too large.",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "The request body does not match its Content-Length.",
  // Raised by the router before any route runs; their own messages quote the whole path.
  FST_ERR_BAD_URL: "The request URL is malformed: a percent-escape (%XX) does not decode to UTF-8 text.",
  FST_ERR_MAX_PARAM_LENGTH: "A path parameter is longer than 100 characters; ids are at most 64.",
};

/** Maps anything thrown while handling a request to the {@link BackendError} to send. */
export function toBackendError(err: unknown): BackendError {
  if (err instanceof BackendError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) return invalidRequestFrom(err.validation, err.validationContext ?? "body");
  const fastifyError = err as Partial<FastifyError>;
  const status = fastifyError.statusCode ?? 500;
  if (fastifyError.code === "FST_ERR_CTP_BODY_TOO_LARGE") return new BackendError("payload_too_large", FRAMEWORK_MESSAGES.FST_ERR_CTP_BODY_TOO_LARGE!);
  if ((status >= 400 && status < 500) || fastifyError.code === "FST_ERR_MAX_PARAM_LENGTH") {
    const message = FRAMEWORK_MESSAGES[fastifyError.code ?? ""] ?? "The request is malformed.";
    return new BackendError("invalid_request", message);
  }
  return new BackendError("internal_error", MESSAGES.internal);
}

/**
 * Installs the one error handler and the 404 handler on the root instance, so every failure, including
 * unknown routes and schema violations, leaves as `{error: {type, code, message, param?}}`. 5xx details
 * are logged (never with headers or bodies) and hidden from the caller.
 */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    // A request for no route (an unknown method such as QUERY with a body it cannot parse) is a 404 like any
    // other unknown route, whatever failed first.
    const error = request.is404 ? routeNotFound(request) : toBackendError(err);
    if (error.statusCode >= 500) request.log.error({ err }, "request failed");
    return reply.code(error.statusCode).headers(error.headers).send(error.toEnvelope());
  });
  app.setNotFoundHandler((request, reply) => {
    const error = routeNotFound(request);
    return reply.code(error.statusCode).send(error.toEnvelope());
  });
}

function routeNotFound(request: FastifyRequest): BackendError {
  const path = request.url.split("?")[0] ?? request.url;
  return new BackendError("route_not_found", MESSAGES.routeNotFound(request.method, path));
}

/**
 * Fastify's `frameworkErrors` option: errors the router raises before a request reaches any route or hook
 * (a malformed percent-escape, a path parameter over the router's length limit). Without it they leave in
 * Fastify's own shape (`{error: "Bad Request", code: "FST_ERR_…"}`, status 414 for a long parameter) and
 * echo the path; with it they are a 400 `invalid_request` in the one envelope.
 */
export function frameworkErrors(err: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const error = toBackendError(err);
  void reply.code(error.statusCode).send(error.toEnvelope());
}
