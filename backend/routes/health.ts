import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { errorResponses, json } from "./responses";

/** `GET /healthz` → `{ok: true}` while the backend is serving; needs no credentials. */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get("/healthz", {
    config: { public: true },
    schema: { operationId: "health", summary: "Liveness check", tags: ["meta"], security: [],
      // 400: it takes no query parameters, and refuses unknown ones like every route.
      response: { 200: json("The backend is serving.", z.object({ ok: z.literal(true) })), ...errorResponses(400) } },
  }, async () => ({ ok: true as const }));
};
