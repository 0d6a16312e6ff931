import * as pulumi from "@pulumi/pulumi";
import { ApiKey, AutoReloadPolicy, Group } from "pulumi-perplexity";
import { environmentSettings } from "./settings";

/**
 * One program, several environments: each stack (`dev`, `prod`) manages its environment's API group with
 * the settings in its own Pulumi.<stack>.yaml: the group's name suffix, how many API keys, and the
 * auto-reload amounts. The groups themselves are adopted (`existingGroupId`) because auto reload needs a
 * card on file, which is added in the console, not in code; destroying a stack releases its group.
 */
export = async function multiEnvironment() {
  const env = environmentSettings();
  const stack = pulumi.getStack();
  const group = new Group("group", {
    existingGroupId: env.groupId,
    name: `Acme Research ${env.nameSuffix}`,
    address: { line1: "1 Market St", city: "San Francisco", state: "CA", postalCode: "94105", country: "US" },
  });
  new AutoReloadPolicy("reload", {
    groupId: group.id,
    thresholdUsd: env.reloadThresholdUsd,
    amountUsd: env.reloadAmountUsd,
    ...(env.reloadMonthlyLimitUsd === undefined ? {} : { monthlyLimitUsd: env.reloadMonthlyLimitUsd }),
  });
  const keys = Array.from({ length: env.keyCount }, (_, i) => new ApiKey(`app-${i + 1}`, { groupId: group.id, name: `${stack} app ${i + 1}` }));
  return {
    groupId: group.id,
    groupName: group.name,
    keyHints: keys.map((k) => k.tokenHint),
    // Secrets: read them with `pulumi stack output tokens --show-secrets`.
    tokens: keys.map((k) => k.token),
  };
};
