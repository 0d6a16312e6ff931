import * as pulumi from "@pulumi/pulumi";
import { Group, Member } from "pulumi-perplexity";
import { configuredRosterFile, readRoster } from "./roster";

/**
 * The team roster: one API group, and one `Member` per entry of a YAML roster file with the entry's role.
 * Each member is named by its email, so reordering the file changes nothing, a changed role updates that
 * member in place, and a removed entry removes the member from the group.
 *
 * Stack config (all optional): `rosterFile` (default `roster.yaml`; a relative path is resolved from this
 * directory) and `groupName` (default `Research team`).
 */
export = async function teamRoster() {
  const config = new pulumi.Config();
  const rosterFile = configuredRosterFile(config);
  const group = new Group("team", {
    name: config.get("groupName") ?? "Research team",
    address: { line1: "1 Market St", city: "San Francisco", state: "CA", postalCode: "94105", country: "US" },
  });
  const members = readRoster(rosterFile).map(
    (person) => new Member(person.email, { groupId: group.id, email: person.email, role: person.role }),
  );
  return {
    groupId: group.id,
    members: members.map((m) => ({ email: m.email, role: m.role, status: m.status })),
  };
};
