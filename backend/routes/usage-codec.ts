import type { FastifySchemaCompiler, FastifySerializerCompiler } from "fastify";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { IngestUsageEventsRequest, IngestUsageEventsResponse, type IngestUsageEventsResponse as Response } from "../../api";

/** What the validator of the ingestion body returns: the validated value, or the error to report. */
export type IngestValidation = { value: unknown; error?: never } | { error: Error; value?: never };

const route = { method: "POST", url: "/v1/usage_events" };

/** Validates a parsed `POST /v1/usage_events` body. */
export const validateIngestBody = validatorCompiler({ schema: IngestUsageEventsRequest, ...route }) as (data: unknown) => IngestValidation;

/** Serializes a `POST /v1/usage_events` 200 response. */
export const serializeIngestResponse = serializerCompiler({ schema: IngestUsageEventsResponse, ...route }) as (data: Response) => string;

/** Route options giving `POST /v1/usage_events` the validator and the 200 serializer above (error bodies as every route). */
export const ingestCompilers = {
  validatorCompiler: (() => validateIngestBody) as FastifySchemaCompiler<unknown>,
  serializerCompiler: ((def) => (String(def.httpStatus) === "200" ? serializeIngestResponse
    : serializerCompiler(def as Parameters<typeof serializerCompiler>[0]))) as FastifySerializerCompiler<unknown>,
};
