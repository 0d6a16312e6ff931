import { isOutOfBand, summaryLine, type DriftReport, type DriftResource } from "./model";
import { displayValue } from "./values";

/** The table's columns, in order; the table and the Markdown output share them. */
const COLUMNS = ["RESOURCE", "DRIFT", "PROPERTY", "DECLARED", "LIVE", "CHANGED BY"] as const;

type Row = [string, string, string, string, string, string];

/** `management_key admin at 2026-01-02T03:04:05.000Z (group.updated)`, `unknown`, or `-` for program changes. */
export function changedByText(resource: DriftResource): string {
  if (!isOutOfBand(resource.kind)) return "-";
  const by = resource.changedBy;
  return by ? `${by.actor} at ${by.at} (${by.action})` : "unknown";
}

/**
 * One row per differing property; the resource, its kind of drift and who changed it appear on its first
 * row only, so a resource's rows read as one block. A resource without properties (gone, not created, not
 * declared) gets one row saying so.
 */
function rowsOf(resource: DriftResource): Row[] {
  const head = [`${resource.type} ${resource.name}`, resource.kind] as const;
  const by = changedByText(resource);
  if (resource.properties.length === 0) {
    const [declared, live] = wholeResource(resource);
    return [[...head, "(resource)", declared, live, by]];
  }
  return resource.properties.map((p, i): Row => i === 0
    ? [...head, p.name, displayValue(p.declared), displayValue(p.live), by]
    : ["", "", p.name, displayValue(p.declared), displayValue(p.live), ""]);
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
 * RESOURCE    DRIFT    PROPERTY  DECLARED  LIVE       CHANGED BY
 * Group team  changed  name      "Team"    "Renamed"  management_key admin at 2026-… (group.updated)
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
 * groupId?, properties: [{name, declared?, live?}], changedBy?: {actor, at, action}}]}`. A value left unset
 * on one side is absent; secrets read `[secret]`.
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
