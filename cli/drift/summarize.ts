import type { EngineEvent, StepEventMetadata, StepEventStateMetadata } from "@pulumi/pulumi/automation";
import { STACK_INSTANCE_TYPE } from "../../sdk/identity";
import type { DriftKind, DriftProperty, DriftReport, DriftResource } from "./model";
import { diffProperties, mask, property, stableJson, type PropertyDiff } from "./values";

/** The steps of a refresh preview that mean the account and the program differ. */
const DRIFT_OPS = new Set(["update", "replace", "create", "delete"]);

/**
 * Builds the drift report from the engine events of a refresh preview (`stack.preview({refresh: true})`).
 *
 * The refresh steps come first and carry each resource's state as of the last `up` (its id); the steps
 * after them compare the refreshed state (`old`, what the account has now) with the program (`new`). The
 * dynamic-provider host sends no per-property diff, so the changed properties are found as the CLI's own
 * display finds them: old inputs against new inputs. A `create` of a resource that the refresh saw means
 * the refresh found it gone: it was deleted out of band. Each changed property is then told apart by the
 * state of the last `up`: changed in the account (the live value moved) or in the program only (it did not;
 * a resource with only those is `not-applied`). Pure: no I/O.
 * @param events Every engine event of the preview, in any order.
 * @param stack The stack's name, for the report.
 */
export function summarizeDrift(events: readonly EngineEvent[], stack = ""): DriftReport {
  const ordered = [...events].sort((a, b) => a.sequence - b.sequence);
  const beforeRefresh = new Map<string, StepEventStateMetadata>();
  const seen = new Set<string>();
  const resources: DriftResource[] = [];
  for (const event of ordered) {
    const step = event.resourcePreEvent?.metadata;
    if (!step || isEngineOwn(step.type)) continue;
    seen.add(step.urn);
    if (step.op === "refresh") {
      if (step.old && !beforeRefresh.has(step.urn)) beforeRefresh.set(step.urn, step.old);
      continue;
    }
    if (DRIFT_OPS.has(step.op)) resources.push(resourceOf(step, beforeRefresh.get(step.urn)));
  }
  // Steps arrive in whatever order the engine ran them in parallel; sort so reports of the same drift read alike.
  resources.sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
  return { stack, drifted: resources.length > 0, checked: seen.size, resources };
}

/**
 * The stack itself, provider resources (`pulumi:pulumi:Stack`, `pulumi:providers:…`) and the package's
 * hidden stack-instance resource are not the user's objects.
 */
function isEngineOwn(type: string): boolean {
  return type.startsWith("pulumi:") || type === STACK_INSTANCE_TYPE;
}

function resourceOf(step: StepEventMetadata, known: StepEventStateMetadata | undefined): DriftResource {
  const kind = kindOf(step.op, known);
  // The id: the live object's for updates, the one the stack remembers for objects found gone.
  const id = step.old?.id || known?.id || undefined;
  const type = typeName(step.type);
  const inputs = step.old?.inputs ?? known?.inputs ?? step.new?.inputs ?? {};
  const groupId = type === "Group" ? id : typeof inputs.groupId === "string" ? inputs.groupId : undefined;
  const properties = kind === "changed" || kind === "replace" ? withOrigins(changedProperties(step), known?.inputs, step.old?.inputs) : [];
  const programOnly = properties.length > 0 && properties.every((p) => p.origin === "program");
  return {
    urn: step.urn,
    type,
    name: step.urn.split("::").pop() ?? step.urn,
    op: step.op,
    kind: programOnly ? "not-applied" : kind,
    ...(id ? { id } : {}),
    ...(groupId ? { groupId } : {}),
    properties,
  };
}

function kindOf(op: string, known: StepEventStateMetadata | undefined): DriftKind {
  if (op === "update") return "changed";
  if (op === "replace") return "replace";
  if (op === "delete") return "not-declared";
  return known ? "deleted" : "not-created";
}

/** `pulumi-nodejs:dynamic/perplexity:Group` → `Group`. */
function typeName(token: string): string {
  return token.split(":").pop() || token;
}

/**
 * Tells account changes from program changes: a property whose live value still equals what the stack
 * recorded at the last `up` (`before`, the state the refresh started from) was changed in the program only.
 * Without that state (never expected) every difference counts as the account's. Raw values are compared,
 * not the masked ones printed.
 */
function withOrigins(properties: PropertyDiff[], before: Record<string, unknown> | undefined, live: Record<string, unknown> | undefined): DriftProperty[] {
  return properties.map((p) => {
    const unchanged = before !== undefined && stableJson(at(before, p.name)) === stableJson(at(live, p.name));
    return { ...p, origin: unchanged ? "program" : "account" };
  });
}

/** The value at a dotted path (`address.line1`). */
function at(value: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((v, key) => (typeof v === "object" && v !== null ? (v as Record<string, unknown>)[key] : undefined), value);
}

/**
 * Declared (`new.inputs`) against live (`old.inputs`, refreshed). Properties the engine names in `diffs` but
 * whose values look equal here (two secrets print alike) are listed masked, so no change goes unmentioned.
 */
function changedProperties(step: StepEventMetadata): PropertyDiff[] {
  const found = diffProperties(step.new?.inputs, step.old?.inputs);
  const named = new Set(found.map((p) => p.name.split(".")[0]));
  for (const key of step.diffs ?? []) {
    const top = key.split(".")[0] ?? key;
    if (top.startsWith("__") || named.has(top)) continue;
    named.add(top);
    found.push(property(top, mask(step.new?.inputs?.[top]), mask(step.old?.inputs?.[top])));
  }
  return found;
}
