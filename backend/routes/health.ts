import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { json } from "./responses";

/** `GET /healthz` → `{ok: true}` while the backend is serving; needs no credentials. */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get("/healthz", {
    config: { public: true },
    schema: { operationId: "health", summary: "Liveness check", tags: ["meta"], security: [],
      response: { 200: json("The backend is serving.", z.object({ ok: z.literal(true) })) } },
  }, async () => ({ ok: true as const }));
};
