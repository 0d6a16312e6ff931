/**
 * `pulumi-perplexity drift`: what changed in the Perplexity account behind a stack's back. The pieces are
 * exported so they can be tested and reused: {@link summarizeDrift} (engine events → report) and the
 * formatters are pure; {@link runDrift} does the I/O.
 */
export { DRIFT_USAGE, parseDriftArgs, type DriftOptions, type OutputFormat, type ParsedDriftArgs } from "./args";
export { attributeDrift, auditTargetOf, type AuditEventSource } from "./audit";
export { changeOfProperty, propertyChanges, removalOf, type PropertyChange } from "./attribution";
export { commandErrorText, DriftError, explainEngineFailure, redact } from "./errors";
export { changedByText, formatJson, formatMarkdown, formatTable, propertyChangedByText } from "./format";
export { CredentialRejectedError, managementSettings, verifyCredential, type ManagementSettings } from "./management";
export { SECRET_MASK, summaryLine, type ChangedBy, type DriftKind, type DriftOrigin, type DriftProperty, type DriftReport, type DriftResource } from "./model";
export { EXIT, runDrift, type DriftIo } from "./run";
export { loadProgram, selectStack, userEngineEnv, type StackSelection } from "./stack";
export { summarizeDrift } from "./summarize";
