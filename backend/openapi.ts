import fastifySwagger from "@fastify/swagger";
import type { FastifyInstance } from "fastify";
import { jsonSchemaTransform, jsonSchemaTransformObject } from "fastify-type-provider-zod";

/** Title of the generated OpenAPI document. */
export const OPENAPI_TITLE = "Perplexity management API (pulumi-perplexity backend)";
/** Version of the management API described by the document (not the npm package version). */
export const MANAGEMENT_API_VERSION = "1.0.0";

/**
 * Registers `@fastify/swagger` so the document is generated from the routes' zod schemas (components
 * from the schemas' `.meta({id})`), and serves it at `GET /openapi.json` without auth. Must run before
 * the routes are registered, because swagger collects them as they are added.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: OPENAPI_TITLE,
        version: MANAGEMENT_API_VERSION,
        description: "Management API for Perplexity API groups, served by the pulumi-perplexity backend. Errors are `{error: {type, code, message, param?}}`; POST requests accept an `Idempotency-Key` header (replayed for 24 hours).",
      },
      components: { securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", description: "A management key or a group API key." } } },
      security: [{ bearerAuth: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  app.get("/openapi.json", { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
}

/** The OpenAPI document of a ready app, as the text committed at the repository root (2-space JSON, final newline). */
export function renderOpenApi(app: FastifyInstance): string {
  return `${JSON.stringify(app.swagger(), null, 2)}\n`;
}
