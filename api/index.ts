/**
 * The management API contract: zod schemas for every request, response and error. Both the client and
 * the backend import these, so the two cannot disagree about the wire format.
 */
export * from "./common";
export * from "./countries";
export * from "./errors";
export * from "./fields";
export * from "./claims";
export * from "./groups";
export * from "./audit";
export * from "./members";
export * from "./caller";
export * from "./api-keys";
export * from "./billing";
export * from "./pricing";
export * from "./usage";
export * from "./usage-reports";
export * from "./invoices";
export * from "./chat";
export * from "./search";
