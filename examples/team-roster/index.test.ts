import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { runProgram, setPerplexityMocks } from "pulumi-perplexity/testing";
import teamRoster = require("./index");

/** Runs the program with `rosterFile` set to a file holding `yaml` (or the committed roster.yaml). */
async function deploy(yaml?: string) {
  await setPerplexityMocks({}, { project: "perplexity-team-roster", stack: "dev" });
  const config: Record<string, string> = {};
  if (yaml !== undefined) {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "roster-")), "roster.yaml");
    fs.writeFileSync(file, yaml);
    config["perplexity-team-roster:rosterFile"] = file;
  }
  pulumi.runtime.setAllConfig(config);
  return runProgram(teamRoster);
}

describe("the team-roster program", () => {
  it("makes every person on roster.yaml a member with the role the file gives, invited", async () => {
    const outputs = await deploy();
    expect(outputs.members).toEqual([
      { email: "ada@example.com", role: "admin", status: "invited" },
      { email: "grace@example.com", role: "member", status: "invited" },
      { email: "linus@example.com", role: "member", status: "invited" },
    ]);
  });

  it("invites an address written in capitals in lower case", async () => {
    const outputs = await deploy("- email: Ada@Example.COM\n  role: admin\n");
    expect(outputs.members).toEqual([{ email: "ada@example.com", role: "admin", status: "invited" }]);
  });

  it("a typo in an email fails with the message pulumi preview gives", async () => {
    await expect(deploy("- email: ada@example.com\n  role: admin\n- email: grace@example\n  role: member\n")).rejects.toThrow(
      "pulumi-nodejs:dynamic/perplexity:Member resource 'grace@example': property email value {grace@example} has a problem: " +
        "email must be an email address like name@example.com",
    );
  });

  it("a role other than admin or member fails, naming the file's entry", async () => {
    await expect(deploy("- email: ada@example.com\n  role: owner\n")).rejects.toThrow('entry 1 (ada@example.com): role must be "admin" or "member", not "owner"');
  });
});
