import { parseArgs } from "node:util";

/** How to print the report. */
export type OutputFormat = "table" | "json" | "markdown";

/** The parsed command line of `drift`. */
export interface DriftOptions {
  readonly stack?: string | undefined;
  readonly cwd: string;
  readonly program?: string | undefined;
  readonly format: OutputFormat;
}

/** The result of {@link parseDriftArgs}: options to run with, a help request, or a usage error. */
export type ParsedDriftArgs =
  | { readonly kind: "run"; readonly options: DriftOptions }
  | { readonly kind: "help" }
  | { readonly kind: "error"; readonly message: string };

/** The usage text of `drift`. */
export const DRIFT_USAGE = `Usage: pulumi-perplexity drift [--stack NAME] [--cwd DIR] [--program MODULE] [--json | --markdown]

Reports what was changed in the Perplexity account behind the stack's back, and apart from it what the
program changes that no \`pulumi up\` applied yet: runs a refresh preview (nothing in the stack or the
account changes) and lists, per resource and property, the declared and the live value, and for a change
in the account who made it and when (the audit event that changed that property), where the events say.

Options:
  --stack NAME      the stack to check (default: the stack selected in the project directory)
  --cwd DIR         the Pulumi project directory, holding Pulumi.yaml (default: the current directory)
  --program MODULE  a compiled JS module whose export is the Pulumi program function; the program then
                    runs inline, without the Node language host (path relative to the current directory)
  --json            print one JSON document
  --markdown        print Markdown (a heading, a summary, a table), e.g. for $GITHUB_STEP_SUMMARY
  -h, --help        print this help

The state backend and secrets provider come from your environment (PULUMI_BACKEND_URL,
PULUMI_CONFIG_PASSPHRASE, ...), as for \`pulumi preview\`. The management API comes from the stack config
perplexity:baseUrl / perplexity:apiKey, or PERPLEXITY_BASE_URL / PERPLEXITY_API_KEY.

Exit codes: 0 no drift, 2 drift found (in the account or in the program), 1 error (including a rejected
credential). --json tells them apart: each property's origin is "account" or "program".
`;

/**
 * Parses the arguments after `drift`. Pure: the current directory is passed in.
 * @example parseDriftArgs(["--stack", "dev", "--json"], "/repo") // {kind: "run", options: {stack: "dev", cwd: "/repo", format: "json"}}
 */
export function parseDriftArgs(argv: readonly string[], cwd: string): ParsedDriftArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      allowPositionals: false,
      strict: true,
      options: {
        stack: { type: "string" },
        cwd: { type: "string" },
        program: { type: "string" },
        json: { type: "boolean" },
        markdown: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (e) {
    return { kind: "error", message: (e as Error).message };
  }
  if (values.help) return { kind: "help" };
  if (values.json && values.markdown) return { kind: "error", message: "Choose one of --json and --markdown." };
  for (const flag of ["stack", "cwd", "program"] as const) {
    if (values[flag] !== undefined && values[flag].trim() === "") return { kind: "error", message: `--${flag} needs a value.` };
  }
  const format: OutputFormat = values.json ? "json" : values.markdown ? "markdown" : "table";
  return { kind: "run", options: { stack: values.stack, cwd: values.cwd ?? cwd, program: values.program, format } };
}
