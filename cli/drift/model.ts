/**
 * The drift report: what a refresh preview says differs between the live account and the program, per
 * resource and per property. Built by `summarizeDrift`, completed by `attributeDrift`, printed by the formatters.
 */

/**
 * How a resource drifted:
 * - `changed`: properties were changed in the account; `up` would update it in place;
 * - `replace`: properties were changed in the account; `up` would replace it;
 * - `not-applied`: only the program changed properties (nobody touched the account); `up` would apply them;
 * - `deleted`: it is in the stack but gone from the account (deleted or revoked out of band); `up` would recreate it;
 * - `not-created`: the program declares it but the stack never created it (a program change not applied yet);
 * - `not-declared`: it is in the stack but the program no longer declares it; `up` would delete it.
 */
export type DriftKind = "changed" | "replace" | "not-applied" | "deleted" | "not-created" | "not-declared";

/**
 * Where a property's difference comes from: `account` when the live value is no longer what the last `up`
 * left (someone or something changed it), `program` when the live value is still that and the program now
 * declares another (an edit not applied yet).
 */
export type DriftOrigin = "account" | "program";

/** One differing input property; secret values are already replaced by {@link SECRET_MASK}. */
export interface DriftProperty {
  /** The property path, e.g. `name` or `address.line1`. */
  readonly name: string;
  /** What the program declares; `undefined` when the program leaves it unset. */
  readonly declared?: unknown;
  /** What the account has now (the refreshed value); `undefined` when unset. */
  readonly live?: unknown;
  readonly origin: DriftOrigin;
  /** For an `account` change: the audit event that changed this property of this object, when one says so. */
  readonly changedBy?: ChangedBy;
}

/** Who made a change in the account, from the management API's audit events. */
export interface ChangedBy {
  /** `<actor type> <actor id>`, e.g. `management_key admin`, `member mem_…`, `system system`. */
  readonly actor: string;
  /** When (RFC 3339), as the backend recorded it. */
  readonly at: string;
  /** The audit action, e.g. `group.updated`, `api_key.revoked`. */
  readonly action: string;
}

/** One resource that differs. */
export interface DriftResource {
  readonly urn: string;
  /** The resource kind, e.g. `Group` (the last part of the type token). */
  readonly type: string;
  /** The resource's name in the program. */
  readonly name: string;
  /** The operation `pulumi up` would run: `update`, `replace`, `create` or `delete`. */
  readonly op: string;
  readonly kind: DriftKind;
  /** The object's id in the account, when the stack knows it. */
  readonly id?: string;
  /** The API group the object belongs to (its own id for a `Group`), when known; used to find who changed it. */
  readonly groupId?: string;
  /** The differing properties; empty for `deleted`, `not-created` and `not-declared`. */
  readonly properties: readonly DriftProperty[];
  /**
   * For a `deleted` resource: who removed it and when; absent when the audit events do not say (printed as
   * "unknown"). Changed properties carry their own.
   */
  readonly changedBy?: ChangedBy;
}

/** The whole report of one stack. */
export interface DriftReport {
  readonly stack: string;
  /** True when at least one resource differs. */
  readonly drifted: boolean;
  /** How many resources of the stack and program the preview looked at (the stack and providers excluded). */
  readonly checked: number;
  readonly resources: readonly DriftResource[];
}

/** What every secret value is printed as. */
export const SECRET_MASK = "[secret]";

/** One line such as `3 of 5 resources differ: 2 changed, 1 deleted out of band`, or the no-drift sentence. */
export function summaryLine(report: DriftReport): string {
  if (!report.drifted) {
    const what = report.checked === 1 ? "the 1 resource of stack" : `the ${report.checked} resources of stack`;
    return `No drift: ${what} ${report.stack} match${report.checked === 1 ? "es" : ""} the live account.`;
  }
  const labels: Record<DriftKind, string> = {
    changed: "changed", replace: "to be replaced", "not-applied": "changed in the program, not yet applied", deleted: "deleted out of band",
    "not-created": "not created yet", "not-declared": "no longer declared",
  };
  const counts = new Map<DriftKind, number>();
  for (const r of report.resources) counts.set(r.kind, (counts.get(r.kind) ?? 0) + 1);
  const parts = [...counts].map(([kind, n]) => `${n} ${labels[kind]}`);
  const n = report.resources.length;
  return `Drift in stack ${report.stack}: ${n} of ${report.checked} resource${report.checked === 1 ? "" : "s"} differ${n === 1 ? "s" : ""} (${parts.join(", ")}).`;
}
