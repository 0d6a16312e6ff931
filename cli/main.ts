#!/usr/bin/env node
import { runBackend } from "./backend";
import { DRIFT_USAGE, EXIT, parseDriftArgs, runDrift } from "./drift";

/** The package's command line (`bin` pulumi-perplexity): one subcommand per file set under cli/. */
const USAGE = `Usage: pulumi-perplexity <command> [options]

Commands:
  drift     report what was changed in the Perplexity account behind a stack's back
  backend   run the management API locally (in memory; --test-mode for tests) to test programs against

Run \`pulumi-perplexity <command> --help\` for a command's options.
`;

/** Dispatches to the subcommand and returns the process's exit code. */
async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(USAGE);
    return 0;
  }
  if (command === "backend") return runBackend(rest, (t) => process.stderr.write(t));
  if (command !== "drift") {
    process.stderr.write(`${command === undefined ? "" : `Unknown command: ${command}\n\n`}${USAGE}`);
    return EXIT.error;
  }
  const parsed = parseDriftArgs(rest, process.cwd());
  if (parsed.kind === "help") {
    process.stdout.write(DRIFT_USAGE);
    return 0;
  }
  if (parsed.kind === "error") {
    process.stderr.write(`${parsed.message}\n\n${DRIFT_USAGE}`);
    return EXIT.error;
  }
  return runDrift(parsed.options, { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) });
}

// Exit only once stdout has drained (a piped report could be cut short otherwise), and explicitly: the
// Automation API's inline-program server may keep handles open after the preview.
main(process.argv.slice(2)).then(
  (code) => process.stdout.write("", () => process.exit(code)),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(EXIT.error);
  },
);
