import type { AddressInfo } from "node:net";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import type { FastifyInstance } from "fastify";
import { type BackendOptions, buildApp } from "./app";
import { randomSecret } from "./crypto";

/** Options of {@link startBackend}: those of {@link buildApp} plus where to listen. */
export interface StartBackendOptions extends BackendOptions {
  /** Optional. TCP port; default `0` (a free port chosen by the OS). */
  readonly port?: number;
  /** Optional. Interface to bind; default `127.0.0.1` (loopback only). */
  readonly host?: string;
}

/** A listening backend. */
export interface RunningBackend {
  /** Base URL, e.g. `http://127.0.0.1:8787` (no trailing slash). */
  readonly url: string;
  readonly app: FastifyInstance;
  /** Stops listening and closes the database; safe to call more than once. */
  close(): Promise<void>;
}

/**
 * Builds the backend and listens on `host:port` (default `127.0.0.1:0`). Rejects with the listen error
 * (e.g. `code: "EADDRINUSE"`) after closing the app and its database.
 */
export async function startBackend(options: StartBackendOptions): Promise<RunningBackend> {
  const { port = 0, host = "127.0.0.1", ...appOptions } = options;
  const app = await buildApp(appOptions);
  try {
    await app.listen({ port, host });
  } catch (err) {
    await app.close();
    throw err;
  }
  const address = app.server.address() as AddressInfo;
  const hostPart = address.family === "IPv6" ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return { url: `http://${hostPart}:${address.port}`, app, close: () => (closing ??= app.close()) };
}

/** Environment variable holding the management key for the CLI; a random one is generated when unset. */
export const ADMIN_TOKEN_ENV = "PERPLEXITY_BACKEND_ADMIN_TOKEN";

const usage = (command: string, db: string) => `Usage: ${command} [--port 8787] [--host 127.0.0.1] [--db ${db}] [--test-mode] [--log]
The management key comes from ${ADMIN_TOKEN_ENV}; when unset, from the file admin-token beside the database,
which is created (0600) with a new key, printed once, when missing (an in-memory database gets a new key
each time). npm start uses the same database and key.`;

/**
 * CLI entry: parses flags, starts the backend, prints where it listens, and closes cleanly on SIGINT/SIGTERM.
 * Besides a line for people, it prints `PERPLEXITY_BASE_URL=<url>` and (when generated) `PERPLEXITY_API_KEY=<key>`,
 * the provider's own environment variables, so a script can source them. Resolves with the running backend,
 * or undefined for `--help`. `command` is how the usage text names the command; `db` is the database used
 * without `--db` (a file path, or `:memory:`).
 */
export async function main(argv: string[], command = "node dist/backend/server.js", db = path.join(".data", "backend.sqlite")): Promise<RunningBackend | undefined> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string", default: "8787" },
      host: { type: "string", default: "127.0.0.1" },
      db: { type: "string", default: db },
      "test-mode": { type: "boolean", default: false },
      log: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return void console.log(usage(command, db));
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be an integer from 0 to 65535\n${usage(command, db)}`);
  if (values.db !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(values.db)), { recursive: true });
  const fromEnv = process.env[ADMIN_TOKEN_ENV];
  const stored = fromEnv !== undefined && fromEnv !== "" ? undefined : adminTokenBeside(values.db);
  const adminToken = stored?.token ?? fromEnv ?? "";
  const backend = await startBackend({ port, host: values.host, dbPath: values.db, adminToken, testMode: values["test-mode"], logger: values.log });
  console.log(`Perplexity backend listening on ${backend.url} (database ${values.db}${values["test-mode"] ? ", test mode" : ""})`);
  console.log(`PERPLEXITY_BASE_URL=${backend.url}`);
  if (!stored) console.log(`Management key: from ${ADMIN_TOKEN_ENV}`);
  else if (!stored.created) console.log(`Management key: the one in ${stored.file}`);
  else {
    console.log(`Management key: a new one, shown once on the next line${stored.file ? ` and kept in ${stored.file}` : ""}`);
    console.log(`PERPLEXITY_API_KEY=${adminToken}`);
  }
  closeOnSignals(backend);
  return backend;
}

/**
 * The management key of the database at `dbPath`, kept in `admin-token` beside it (mode 0600) so every
 * process opening that database (`npm start`, `npm run backend`) and every restart uses the same key, and
 * a stack configured with it keeps working. A new key is generated when the file is missing; an in-memory
 * database gets a new key each time (`file` undefined).
 */
export function adminTokenBeside(dbPath: string): { token: string; created: boolean; file?: string } {
  if (dbPath === ":memory:") return { token: randomSecret("pplx-admin-"), created: true };
  const file = path.join(path.dirname(dbPath), "admin-token");
  if (fs.existsSync(file)) return { token: fs.readFileSync(file, "utf8").trim(), created: false, file };
  const token = randomSecret("pplx-admin-");
  fs.writeFileSync(file, token, { mode: 0o600 });
  return { token, created: true, file };
}

function closeOnSignals(backend: RunningBackend): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    // A second signal means "now": skip the graceful close.
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`${signal}: closing the backend`);
    backend.close().then(() => process.exit(0), (err: unknown) => {
      console.error(`error while closing: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    });
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
