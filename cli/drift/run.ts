import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import type { DriftOptions, OutputFormat } from "./args";
import { attributeDrift } from "./audit";
import { commandErrorText, DriftError, explainEngineFailure, redact } from "./errors";
import { formatJson, formatMarkdown, formatTable } from "./format";
import { managementClient, managementSettings, verifyCredential } from "./management";
import type { DriftReport } from "./model";
import { selectStack } from "./stack";
import { summarizeDrift } from "./summarize";

/** Exit codes of `drift`: CI branches on them. */
export const EXIT = { noDrift: 0, error: 1, drift: 2 } as const;

/** Where `drift` writes: the report to `out`, errors to `err`. */
export interface DriftIo {
  out(text: string): void;
  err(text: string): void;
}

const FORMATTERS: Record<OutputFormat, (report: DriftReport) => string> = {
  table: formatTable,
  json: formatJson,
  markdown: formatMarkdown,
};

/**
 * Runs `drift`: selects the stack, checks the credential, runs a refresh preview (which persists nothing),
 * builds the report, adds who changed what from the audit events, prints it, and returns the exit code.
 * Errors are printed (without secrets) and return {@link EXIT}.error; they never read as "no drift".
 */
export async function runDrift(options: DriftOptions, io: DriftIo): Promise<number> {
  let secrets: (string | undefined)[] = [];
  try {
    const stack = await selectStack(options);
    const settings = await managementSettings(stack);
    secrets = [settings.apiKey];
    const client = managementClient(settings);
    await verifyCredential(client);
    const events = await refreshPreview(stack, secrets);
    const report = await attributeDrift(summarizeDrift(events, stack.name), client?.auditEvents);
    io.out(FORMATTERS[options.format](report));
    return report.drifted ? EXIT.drift : EXIT.noDrift;
  } catch (e) {
    const message = e instanceof DriftError ? e.message : `drift failed: ${commandErrorText(e)}`;
    io.err(`${redact(message, secrets)}\n`);
    return EXIT.error;
  }
}

/**
 * `pulumi preview --refresh`: the refreshed state lives only in this preview and is never written back,
 * and a preview calls no create, update or delete. The program runs in this process (inline programs), so
 * its console output is sent to stderr while the preview runs: stdout carries only the report, which CI
 * parses (`--json`) or appends to a summary (`--markdown`).
 */
async function refreshPreview(stack: Stack, secrets: readonly (string | undefined)[]): Promise<EngineEvent[]> {
  const events: EngineEvent[] = [];
  const { log, info } = console;
  console.log = console.error;
  console.info = console.error;
  try {
    await stack.preview({ refresh: true, onEvent: (event) => events.push(event) });
    return events;
  } catch (e) {
    throw explainEngineFailure(e, events, secrets);
  } finally {
    console.log = log;
    console.info = info;
  }
}
