import { summaryLine, type ChangedBy, type DriftProperty, type DriftReport, type DriftResource } from "./model";
import { displayValue } from "./values";

/** The table's columns, in order; the table and the Markdown output share them. */
const COLUMNS = ["RESOURCE", "DRIFT", "PROPERTY", "DECLARED", "LIVE", "CHANGED BY"] as const;

type Row = [string, string, string, string, string, string];

/** `management_key admin at 2026-01-02T03:04:05.000Z (group.updated)`, or `unknown` when the audit events do not say. */
function byText(by: ChangedBy | undefined): string {
  return by ? `${by.actor} at ${by.at} (${by.action})` : "unknown";
}

/**
 * Who changed a resource found gone, `unknown`, or `-` for kinds that are program changes (nobody to blame).
 * Changed properties are attributed one by one: see {@link propertyChangedByText}.
 */
export function changedByText(resource: DriftResource): string {
  return resource.kind === "deleted" ? byText(resource.changedBy) : "-";
}

/** Who changed one property in the account, `unknown`, or `-` for a program change not yet applied. */
export function propertyChangedByText(property: DriftProperty): string {
  return property.origin === "account" ? byText(property.changedBy) : "-";
}

/**
 * One row per differing property, each with where its difference comes from (`changed` in the account, or
 * `not-applied` from the program) and who changed it; the resource's name appears on its first row only,
 * so a resource's rows read as one block. A resource without properties (gone, not created, not declared)
 * gets one row saying so.
 */
function rowsOf(resource: DriftResource): Row[] {
  const title = `${resource.type} ${resource.name}`;
  if (resource.properties.length === 0) {
    const [declared, live] = wholeResource(resource);
    return [[title, resource.kind, "(resource)", declared, live, changedByText(resource)]];
  }
  return resource.properties.map((p, i): Row => [i === 0 ? title : "", p.origin === "program" ? "not-applied" : resource.kind,
    p.name, displayValue(p.declared), displayValue(p.live), propertyChangedByText(p)]);
}

/** What the declared and live cells say for a resource that is missing on one side. */
function wholeResource(resource: DriftResource): [string, string] {
  switch (resource.kind) {
    case "deleted": return ["exists", "deleted out of band"];
    case "not-created": return ["exists", "not created yet"];
    case "not-declared": return ["not declared", "exists"];
    default: return ["", ""];
  }
}

/**
 * The report as an aligned plain-text table under a one-line summary, for a terminal or a CI log.
 * @example
 * Drift in stack dev: 1 of 3 resources differs (1 changed).
 *
 * RESOURCE    DRIFT        PROPERTY  DECLARED  LIVE       CHANGED BY
 * Group team  changed      name      "Team"    "Renamed"  management_key admin at 2026-… (group.updated)
 *             not-applied  taxId     {…}       (unset)    -
 */
export function formatTable(report: DriftReport): string {
  if (!report.drifted) return `${summaryLine(report)}\n`;
  const rows: string[][] = [[...COLUMNS], ...report.resources.flatMap(rowsOf)];
  const widths = COLUMNS.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  const lines = rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c] ?? 0))).join("  ").trimEnd());
  return `${summaryLine(report)}\n\n${lines.join("\n")}\n`;
}

/**
 * The report as one JSON document: `{stack, drifted, checked, resources: [{urn, type, name, op, kind, id?,
 * groupId?, properties: [{name, declared?, live?, origin, changedBy?: {actor, at, action}}], changedBy?}]}`.
 * `origin` is `account` or `program`; a resource's own `changedBy` is who removed it (kind `deleted`). A
 * value left unset on one side is absent; secrets read `[secret]`.
 */
export function formatJson(report: DriftReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * The report as GitHub-flavoured Markdown: a heading, the one-line summary, and (when there is drift) a
 * table, suitable for appending to `$GITHUB_STEP_SUMMARY`.
 */
export function formatMarkdown(report: DriftReport): string {
  const heading = `## Drift report: stack \`${report.stack}\``;
  const summary = report.drifted ? `**Drift found.** ${summaryLine(report)}` : `**No drift.** ${summaryLine(report)}`;
  if (!report.drifted) return `${heading}\n\n${summary}\n`;
  const header = ["Resource", "Drift", "Property", "Declared", "Live", "Changed by"];
  const rows = report.resources.flatMap(rowsOf).map((r) => r.map((cell, c) => markdownCell(cell, c >= 3 && c <= 4)));
  const table = [header, header.map(() => "---"), ...rows].map((r) => `| ${r.join(" | ")} |`);
  return `${heading}\n\n${summary}\n\n${table.join("\n")}\n`;
}

/** A table cell: pipes escaped, one line; values in code spans so quotes and JSON read as data. */
function markdownCell(text: string, code: boolean): string {
  const flat = text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
  if (!code || flat === "" || !/^["{[\d-]|^true$|^false$|^null$/.test(flat)) return flat;
  return `\`${flat.replace(/`/g, "'")}\``;
}
