import * as fs from "node:fs";
import * as path from "node:path";
import type { EngineEvent, PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { startTestBackend, type TestBackend } from "../../helpers/backend";
import { inlineStack } from "../../../cli/engine";
import { STACK_INSTANCE_TYPE } from "../../../sdk/identity";
import { scratchDir } from "./user-project";

/** A stack of an inline program in its own temporary directory, from which the provider package resolves. */
export interface TestStack {
  readonly stack: Stack;
  readonly dir: string;
  /** Destroys what is left, removes the stack and its directory. */
  cleanup(): Promise<void>;
}

/** Options of {@link newStack}. */
export interface NewStackOptions {
  /** Extra environment for the engine and provider. */
  readonly envVars?: Record<string, string>;
  /** The key the provider uses; default the backend's management key. */
  readonly apiKey?: string;
}

/** Creates a stack whose program is `program`, configured to talk to `backend`. */
export async function newStack(backend: TestBackend, program: PulumiFn, options: NewStackOptions = {}): Promise<TestStack> {
  const dir = scratchDir("pp-e2e");
  const stack = await inlineStack({
    projectName: "perplexity-e2e",
    stackName: "e2e",
    program,
    workDir: dir,
    stateDir: path.join(dir, ".pulumi"),
    envVars: options.envVars ?? {},
  });
  await stack.setConfig("perplexity:baseUrl", { value: backend.url });
  await stack.setConfig("perplexity:apiKey", { value: options.apiKey ?? backend.adminToken, secret: true });
  return {
    stack,
    dir,
    async cleanup() {
      await stack.destroy().catch(() => undefined);
      await stack.workspace.removeStack("e2e", { force: true }).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What a {@link withStack} body receives. */
export interface StackScene<Ctx> {
  readonly backend: TestBackend;
  readonly stack: Stack;
  readonly ctx: Ctx;
  readonly dir: string;
}

/**
 * Runs `body` against a fresh backend and a fresh stack of `program`, then destroys and removes both. For
 * one-off scenarios; {@link describeAcceptance} covers each resource's standard story.
 */
export async function withStack<Ctx>(
  prepare: (backend: TestBackend) => Promise<Ctx>,
  program: (ctx: Ctx) => PulumiFn,
  body: (scene: StackScene<Ctx>) => Promise<void>,
  options: NewStackOptions & { apiKeyFor?: (backend: TestBackend, ctx: Ctx) => Promise<string>; dbPath?: string } = {},
): Promise<void> {
  const backend = await startTestBackend(options.dbPath ? { dbPath: options.dbPath } : {});
  let test: TestStack | undefined;
  try {
    const ctx = await prepare(backend);
    const apiKey = options.apiKeyFor ? await options.apiKeyFor(backend, ctx) : options.apiKey;
    test = await newStack(backend, () => program(ctx)(), { ...options, ...(apiKey ? { apiKey } : {}) });
    await body({ backend, stack: test.stack, ctx, dir: test.dir });
  } finally {
    await test?.cleanup();
    await backend.close();
  }
}

/** What {@link previewCases} gives a test file: the backend, and the preview failure of one case. */
export interface PreviewCases<C> {
  /** The file's backend, once `beforeAll` has run. */
  backend(): TestBackend;
  /** Previews the program declaring `c`; resolves to the error message, or "preview passed" and what it planned. */
  preview(c: C): Promise<string>;
}

/**
 * One backend and one stack for a whole test file whose program declares what the current case says, so a
 * table of invalid inputs costs one stack, not one per case. Registers the file's `beforeAll`/`afterAll`.
 */
export function previewCases<C>(declare: (c: C) => void): PreviewCases<C> {
  let backend: TestBackend | undefined;
  let test: TestStack | undefined;
  let current: C | undefined;
  beforeAll(async () => {
    backend = await startTestBackend();
    test = await newStack(backend, async () => {
      if (current !== undefined) declare(current);
    });
  });
  afterAll(async () => {
    await test?.cleanup();
    await backend?.close();
  });
  return {
    backend: () => backend!,
    async preview(c) {
      current = c;
      // Which resources the engine planned tells a check that accepted the input from a program that ended
      // before declaring anything (see sdk/grpc-pool.ts).
      const planned: string[] = [];
      const onEvent = (e: EngineEvent) => e.resourcePreEvent && planned.push(`${e.resourcePreEvent.metadata.op} ${e.resourcePreEvent.metadata.type}`);
      return test!.stack.preview({ onEvent }).then(() => `preview passed, planning: ${planned.join(", ") || "nothing"}`, (e: Error) => e.message);
    },
  };
}

/** What a preview proposes for one resource: the operation, and the properties it changes. */
export interface ProposedStep {
  readonly op: string;
  readonly urn: string;
  /** Changed input properties, found as the CLI's display finds them: old inputs against new inputs. */
  readonly diffs: string[];
}

/** The result of {@link previewSteps}: the proposed steps and the text the CLI printed. */
export interface PreviewSteps {
  readonly steps: ProposedStep[];
  readonly stdout: string;
}

/**
 * Runs a preview (refreshing first when asked) and returns the resource steps other than `same`, leaving
 * out the engine's own resources and the package's hidden stack-instance resource.
 */
export async function previewSteps(stack: Stack, options: { refresh?: boolean } = {}): Promise<PreviewSteps> {
  const events: EngineEvent[] = [];
  const result = await stack.preview({ refresh: options.refresh ?? false, onEvent: (e) => events.push(e) });
  const steps = events
    .map((e) => e.resourcePreEvent?.metadata)
    .filter((m): m is NonNullable<typeof m> => !!m && !["same", "read", "refresh"].includes(m.op) && !m.urn.includes("::pulumi:") && m.type !== STACK_INSTANCE_TYPE)
    .map((m) => ({ op: m.op, urn: m.urn, diffs: m.diffs?.length ? m.diffs : changedKeys(m.old?.inputs, m.new?.inputs) }));
  return { steps, stdout: result.stdout };
}

// The dynamic-provider host sends no per-property diff, so the engine's step carries none; the CLI's
// display compares inputs, and so do we.
function changedKeys(olds: Record<string, unknown> = {}, news: Record<string, unknown> = {}): string[] {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)].filter((k) => !k.startsWith("__")));
  return [...keys].filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k])).sort();
}

/**
 * The stack's checkpoint exactly as the file state backend stores it (the Automation API's `exportStack`
 * decrypts secrets, so it cannot show what is at rest).
 */
export function storedState(dir: string): string {
  const stacks = path.join(dir, ".pulumi", "state", ".pulumi", "stacks");
  const files = fs.readdirSync(stacks, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".json"));
  return files.map((f) => fs.readFileSync(path.join(stacks, f), "utf8")).join("\n");
}
