import { Group } from "pulumi-perplexity";

/**
 * The quickstart: one API group with the address shown on its invoices. `npm start` applies it against
 * the embedded backend; with your own Pulumi CLI, `pulumi up` in the repository root runs the same program.
 */
export = async function quickstart() {
  const group = new Group("quickstart", {
    name: "Quickstart Inc.",
    address: { line1: "1 Market St", city: "San Francisco", state: "CA", postalCode: "94105", country: "US" },
  });
  return { groupId: group.id, groupName: group.name, tier: group.tier, createdAt: group.createdAt };
};
