import type { Stack } from "@pulumi/pulumi/automation";
import type { TestBackend } from "../../helpers/backend";

/** What a program declares inside one group: member emails and API key names. */
export interface Declared {
  readonly members: readonly string[];
  readonly keys: readonly string[];
}

/** How the backend compares with the program and the stack's state. Every count must be 0. */
export interface Reconciliation {
  /** Groups beyond the one, emails with two members, key names with two active keys. */
  readonly duplicates: number;
  /** Live members or active keys that the stack's state does not hold (leaked by a retried or lost create). */
  readonly orphans: number;
  /** Declared members or keys that are not live, or state entries whose object is gone. */
  readonly missing: number;
}

/** The ids of the stack's resources of one type (`Member`, `ApiKey`, …), from its exported state. */
export async function stateIds(stack: Stack, type: string): Promise<string[]> {
  const { deployment } = await stack.exportStack();
  const resources = (deployment as { resources?: Array<{ type: string; id?: string }> }).resources ?? [];
  return resources.filter((r) => r.type.endsWith(`:${type}`)).map((r) => r.id ?? "");
}

async function collect<T>(pages: AsyncGenerator<{ data: T[] }>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...page.data);
  return all;
}

/** Lists everything live in the backend and reconciles it with `declared` and the state of `stack`. */
export async function reconcile(backend: TestBackend, stack: Stack, groupId: string, declared: Declared): Promise<Reconciliation> {
  const client = backend.client;
  const groups = await collect(client.groups.listAll({ limit: 100 }));
  const members = await collect(client.members.listAll(groupId, { limit: 100 }));
  const keys = await collect(client.apiKeys.listAll(groupId, { limit: 100, status: "active" }));
  const inState = new Set([...(await stateIds(stack, "Member")), ...(await stateIds(stack, "ApiKey"))]);
  const emails = members.map((m) => m.email);
  const names = keys.map((k) => k.name);
  const live = new Set([...members.map((m) => m.id), ...keys.map((k) => k.id)]);
  return {
    duplicates: Math.max(0, groups.length - 1) + (emails.length - new Set(emails).size) + (names.length - new Set(names).size),
    orphans: [...live].filter((id) => !inState.has(id)).length,
    missing: declared.members.filter((e) => !emails.includes(e)).length + declared.keys.filter((n) => !names.includes(n)).length +
      [...inState].filter((id) => !live.has(id)).length,
  };
}
