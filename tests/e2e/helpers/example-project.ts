import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { type ConfigMap, LocalWorkspace, type PulumiFn, type Stack } from "@pulumi/pulumi/automation";
import type { TestBackend } from "../../helpers/backend";
import { inlineStack, pulumiCommand, repoRoot } from "../../../cli/engine";
import type { ProposedStep } from "./stack";

/** One of the repository's example projects, run as inline programs against a test backend. */
export interface ExampleProject {
  /** The project's name, from its Pulumi.yaml (it namespaces the program's config keys). */
  readonly name: string;
  /**
   * Creates stack `stackName` of the example's program, configured as a user's stack would be: every value
   * of the example's `Pulumi.<stackName>.yaml` (when it has one), then `extraConfig` (keys of the project,
   * unqualified), then the backend's address and management key.
   */
  stack(stackName: string, program: PulumiFn, extraConfig?: Record<string, string>): Promise<Stack>;
  /** Destroys what is left of every stack, removes them and the work directory. */
  cleanup(): Promise<void>;
}

/**
 * Opens the example whose Pulumi.yaml is in `projectDir`. Its stacks share one work directory and state,
 * as on a user's machine; the directory is inside the repository so the provider process resolves
 * `pulumi-perplexity` (see `cli/engine.ts`). The example's own files are only read, never written.
 */
export async function exampleProject(backend: TestBackend, projectDir: string): Promise<ExampleProject> {
  // Pulumi's own reader for Pulumi.yaml and Pulumi.<stack>.yaml, so the files are read as the CLI reads them.
  const source = await LocalWorkspace.create({ workDir: projectDir, pulumiCommand: await pulumiCommand() });
  const name = (await source.projectSettings()).name;
  const workDir = path.join(repoRoot, ".e2e", `${name}-${Date.now().toString(36)}-${crypto.randomBytes(3).toString("hex")}`);
  const stacks: Stack[] = [];

  return {
    name,
    async stack(stackName, program, extraConfig = {}) {
      const stack = await inlineStack({ projectName: name, stackName, program, workDir, stateDir: path.join(workDir, ".pulumi") });
      stacks.push(stack);
      const config: ConfigMap = { ...(await stackFileConfig(source, projectDir, stackName)) };
      for (const [key, value] of Object.entries(extraConfig)) config[`${name}:${key}`] = { value };
      config["perplexity:baseUrl"] = { value: backend.url };
      config["perplexity:apiKey"] = { value: backend.adminToken, secret: true };
      await stack.setAllConfig(config);
      return stack;
    },
    async cleanup() {
      for (const stack of stacks) {
        await stack.destroy().catch(() => undefined);
        await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
      }
      fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/** The plain values of `Pulumi.<stackName>.yaml` in `projectDir`, or none when the example has no such file. */
async function stackFileConfig(source: LocalWorkspace, projectDir: string, stackName: string): Promise<ConfigMap> {
  const file = path.join(projectDir, `Pulumi.${stackName}.yaml`);
  if (!fs.existsSync(file)) return {};
  const entries = Object.entries((await source.stackSettings(stackName)).config ?? {});
  return Object.fromEntries(entries.map(([key, value]) => {
    // An example's committed config is plain on purpose: a secure value is bound to its author's secrets
    // provider and could not be decrypted here.
    if (!["string", "number", "boolean"].includes(typeof value)) throw new Error(`${file}: ${key} is not a plain value; examples commit only plain config.`);
    return [key, { value: String(value) }];
  }));
}

/** Steps as `op Type name` (e.g. `create Member ada@example.com`), sorted, for comparing a preview at a glance. */
export function describeSteps(steps: readonly ProposedStep[]): string[] {
  return steps.map((s) => {
    const [type = "", name = ""] = s.urn.split("::").slice(-2);
    return `${s.op} ${type.slice(type.lastIndexOf(":") + 1)} ${name}`;
  }).sort();
}
