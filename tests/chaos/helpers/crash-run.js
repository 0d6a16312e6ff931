"use strict";
// Runs one `pulumi up` of the crash-test program. The Automation API runs the program in this process and
// starts the CLI (which starts the provider) as children, so killing this process group kills the whole
// run at once, as a CI runner losing its machine would. Plain JavaScript: it runs outside jest, from dist/.
const { inlineStack } = require("../../../dist/cli/engine");
const { ApiKey, Group, Member } = require("pulumi-perplexity");

/** @type {{command: "up" | "preview", workDir: string, stateDir: string, groupName: string, members: string[], keys: Array<{name: string, rotation: string}>}} */
const spec = JSON.parse(process.env.CRASH_SPEC ?? "{}");

const program = async () => {
  const group = new Group("crash", { name: spec.groupName, address: { line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" } });
  for (const email of spec.members) new Member(email.split("@")[0], { groupId: group.id, email, role: "member" });
  for (const key of spec.keys) new ApiKey(key.name, { groupId: group.id, rotationTrigger: key.rotation });
  return { groupId: group.id };
};

inlineStack({ projectName: "perplexity-crash", stackName: "crash", program, workDir: spec.workDir, stateDir: spec.stateDir })
  .then((stack) => spec.command === "preview"
    ? stack.preview({ expectNoChanges: true, onOutput: (s) => process.stdout.write(s) })
    : stack.up({ onOutput: (s) => process.stdout.write(s) }))
  .then(
    () => process.stdout.write(`\n[crash-run] ${spec.command} succeeded\n`),
    (error) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
