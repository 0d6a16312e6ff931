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
    transformObject: (input) => eventStreams(optionalBodies(jsonSchemaTransformObject(input))),
  });
  app.get("/openapi.json", { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
}

type OpenApiDocument = ReturnType<typeof jsonSchemaTransformObject>;
type RequestBody = { required?: boolean; content?: Record<string, { schema?: { anyOf?: Array<{ type?: unknown }> } }> };

/**
 * @fastify/swagger marks every request body required, but a body schema that accepts `null` (`.nullish()`)
 * is what Fastify validates a missing body against: such a body is optional (a bare POST works), so the
 * document must say `required: false` or a generated client could not leave it out.
 */
function optionalBodies(doc: OpenApiDocument): OpenApiDocument {
  for (const path of Object.values((doc as { paths?: Record<string, Record<string, { requestBody?: RequestBody }>> }).paths ?? {})) {
    for (const operation of Object.values(path)) {
      const body = operation.requestBody;
      const schemas = Object.values(body?.content ?? {}).map((media) => media.schema);
      if (body !== undefined && schemas.some((s) => s?.anyOf?.some((variant) => variant.type === "null"))) body.required = false;
    }
  }
  return doc;
}

/** Operations that answer `stream: true` with server-sent events (see `toEventStream` in routes/chat-completions.ts). */
const STREAMED_OPERATIONS = new Set(["createChatCompletion"]);

/**
 * Documents the second form a streamed operation's 200 takes: `text/event-stream`, beside the JSON one.
 * The routes' zod schemas describe JSON only, so a client generator or a fuzzer would otherwise take the
 * stream for an undocumented response.
 */
function eventStreams(doc: OpenApiDocument): OpenApiDocument {
  type Operation = { operationId?: string; responses?: Record<string, { content?: Record<string, unknown> }> };
  for (const path of Object.values((doc as { paths?: Record<string, Record<string, Operation>> }).paths ?? {})) {
    for (const operation of Object.values(path)) {
      const ok = operation.responses?.["200"];
      if (!STREAMED_OPERATIONS.has(operation.operationId ?? "") || ok?.content === undefined) continue;
      // Before OpenAPI 3.2's `itemSchema`, an event stream's `schema` describes one event: its `data` is a
      // chunk (JSON, in the JSON response's shape) or the closing `[DONE]`.
      const chunk = (ok.content["application/json"] as { schema?: unknown } | undefined)?.schema ?? {};
      ok.content["text/event-stream"] = { schema: { type: "object", required: ["data"],
        description: "With `stream: true`, one event: the answer in `delta` pieces, `usage` only on the last chunk, then `data: [DONE]`.",
        properties: { data: { type: "string", anyOf: [{ const: "[DONE]" }, { contentMediaType: "application/json", contentSchema: chunk }] } } } };
    }
  }
  return doc;
}

/** The OpenAPI document of a ready app, as the text committed at the repository root (2-space JSON, final newline). */
export function renderOpenApi(app: FastifyInstance): string {
  return `${JSON.stringify(app.swagger(), null, 2)}\n`;
}
