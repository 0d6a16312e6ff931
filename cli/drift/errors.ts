import type { EngineEvent } from "@pulumi/pulumi/automation";
import { API_KEY_CONFIG, API_KEY_ENV } from "../../provider/config";
import { SECRET_MASK } from "./model";

/** Anything shaped like a Perplexity token; a safety net in case a message ever carries one. */
const TOKEN_PATTERN = /pplx-[A-Za-z0-9_-]{12,}/g;

/** The failure of a drift check, with a message safe to print (no secrets). */
export class DriftError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DriftError";
  }
}

/** Replaces every known secret and anything token-shaped in `text` with `[secret]`. */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) if (secret && secret.length >= 6) out = out.split(secret).join(SECRET_MASK);
  return out.replace(TOKEN_PATTERN, SECRET_MASK);
}

/**
 * What went wrong in a failed preview, from its error diagnostics: the resources' own messages first (they
 * say which object and which API call), the engine's generic "preview failed" only when there is nothing else.
 */
export function failureMessages(events: readonly EngineEvent[], error: unknown): string[] {
  const diagnostics = events.map((e) => e.diagnosticEvent).filter((d) => d?.severity === "error");
  const clean = (m: string) => m.replace(/^(Preview|Refresh) failed: /i, "").trim();
  const own = diagnostics.filter((d) => d?.urn).map((d) => clean(d?.message ?? ""));
  if (own.length > 0) return [...new Set(own)];
  const generic = diagnostics.map((d) => clean(d?.message ?? "")).filter((m) => m && m !== "preview failed");
  if (generic.length > 0) return [...new Set(generic)];
  return [commandErrorText(error)];
}

/**
 * The gist of an error from the Automation API. A failed CLI command's message holds the whole command
 * line, stdout and stderr; the CLI's own `error: …` lines say what went wrong, so only they are kept.
 */
export function commandErrorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const errors = [...new Set(text.split("\n").map((l) => l.trim()).filter((l) => /^error: /.test(l)))];
  if (errors.length > 0) return errors.map((l) => l.replace(/^error: /, "")).join("\n");
  return text.trim().split("\n").slice(-8).join("\n");
}

/**
 * Turns a failed refresh preview into a {@link DriftError}. A 401 from the management API gets its own
 * message: a rejected credential must read as an error, never as "everything was deleted". Refresh
 * authenticates with the provider configuration recorded at the last `up`, so the message says so.
 */
export function explainEngineFailure(error: unknown, events: readonly EngineEvent[], secrets: readonly (string | undefined)[]): DriftError {
  const messages = failureMessages(events, error).map((m) => redact(m, secrets));
  const details = messages.map((m) => `  ${m.replace(/\n/g, "\n  ")}`).join("\n");
  if (messages.some((m) => /\b401\b|\bunauthenticated\b/.test(m))) {
    return new DriftError(
      "The management API rejected the credential (401) while refreshing the stack, so drift could not be " +
      `checked. Check ${API_KEY_CONFIG} (or ${API_KEY_ENV}); note that a refresh uses the key recorded at the ` +
      `last \`pulumi up\`, so after rotating the key run \`pulumi up\` once. Nothing was changed.\n${details}`,
    );
  }
  return new DriftError(`The refresh preview failed, so drift could not be checked. Nothing was changed.\n${details}`);
}
