import * as fs from "node:fs";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";

/** One person on the roster: an email address and the role they get in the group. */
export interface RosterEntry {
  /** The email address, lower-cased (the portal compares emails case-insensitively). */
  readonly email: string;
  /** `admin` or `member`. */
  readonly role: "admin" | "member";
}

// js-yaml comes with @pulumi/pulumi, which every Pulumi program has, but ships no type declarations;
// `load` is the one function used.
const { load } = require("js-yaml") as { load(text: string, options?: { filename?: string }): unknown };

/**
 * Reads a roster file: a YAML list of `{email, role}` entries. Emails are lower-cased so that changing
 * the case of an address in the file does not replace the member.
 *
 * @param file The roster's absolute path.
 * @throws Error naming the file and the entry when the file is not such a list, an entry has no email,
 *   a role is neither `admin` nor `member`, or an email appears twice.
 */
export function readRoster(file: string): RosterEntry[] {
  const doc = load(fs.readFileSync(file, "utf8"), { filename: file });
  if (!Array.isArray(doc)) throw new Error(`${file} must be a YAML list of {email, role} entries.`);
  const seen = new Set<string>();
  return doc.map((entry: unknown, i) => {
    const { email, role } = (typeof entry === "object" && entry !== null ? entry : {}) as Record<string, unknown>;
    const where = `${file}, entry ${i + 1}`;
    // The provider checks the address's format at preview; only its presence is checked here.
    if (typeof email !== "string" || email.trim() === "") throw new Error(`${where}: email is missing.`);
    if (role !== "admin" && role !== "member") throw new Error(`${where} (${email}): role must be "admin" or "member", not ${JSON.stringify(role)}.`);
    const normalized = email.trim().toLowerCase();
    if (seen.has(normalized)) throw new Error(`${where}: ${normalized} is already on the roster.`);
    seen.add(normalized);
    return { email: normalized, role };
  });
}

/**
 * The roster file the stack names in config `rosterFile` (default `roster.yaml`), resolved from this
 * directory, not the working directory: `pulumi up`, the Automation API and tests each start the
 * program from a different one.
 */
export function configuredRosterFile(config: pulumi.Config): string {
  return path.resolve(__dirname, config.get("rosterFile") ?? "roster.yaml");
}
