import type { FastifyError, FastifyInstance } from "fastify";
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
};

/** Maps anything thrown while handling a request to the {@link BackendError} to send. */
export function toBackendError(err: unknown): BackendError {
  if (err instanceof BackendError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) return invalidRequestFrom(err.validation, err.validationContext ?? "body");
  const fastifyError = err as Partial<FastifyError>;
  const status = fastifyError.statusCode ?? 500;
  if (status >= 400 && status < 500) {
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
    const error = toBackendError(err);
    if (error.statusCode >= 500) request.log.error({ err }, "request failed");
    return reply.code(error.statusCode).headers(error.headers).send(error.toEnvelope());
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0] ?? request.url;
    const error = new BackendError("route_not_found", MESSAGES.routeNotFound(request.method, path));
    return reply.code(error.statusCode).send(error.toEnvelope());
  });
}
