import { commandErrorText, explainEngineFailure, redact } from "../../../cli/drift";
import { PreviewEvents, urnOf } from "./engine-events";

const read401 = "Preview failed: reading member mem_1: GET /v1/groups/grp_1/members/mem_1: 401 unauthenticated: The API key is invalid or has been revoked.\n";

describe("explainEngineFailure", () => {
  it("says the credential was rejected for a 401, with the resource's message and no secret", () => {
    const { events } = new PreviewEvents().error(read401, urnOf("Member", "bob")).error("preview failed\n");
    const error = explainEngineFailure(new Error("Command failed ... pplx-admin-0123456789abcdef"), events, ["pplx-admin-0123456789abcdef"]);
    expect(error.message).toMatch(/^The management API rejected the credential \(401\)/);
    expect(error.message).toContain("perplexity:apiKey");
    expect(error.message).toContain("reading member mem_1: GET /v1/groups/grp_1/members/mem_1: 401 unauthenticated");
    expect(error.message).not.toContain("Preview failed");
    expect(error.message).not.toContain("pplx-admin");
  });

  it("reports other failures as such, falling back to the command's last lines", () => {
    expect(explainEngineFailure(new Error("a\nb\nstderr: error: no stack named 'x' found"), [], []).message)
      .toMatch(/^The refresh preview failed[\s\S]*no stack named 'x' found/);
    const { events } = new PreviewEvents().error("Preview failed: reading group grp_1: 503 unavailable\n", urnOf("Group", "g"));
    expect(explainEngineFailure(new Error("x"), events, []).message).toMatch(/failed[\s\S]*reading group grp_1: 503 unavailable/);
  });
});

describe("redact", () => {
  it("hides known secrets and anything token-shaped, but keeps token hints", () => {
    expect(redact("key s3cr3t-value and pplx-member-abcdefabcdef123 and pplx-…3f9a", ["s3cr3t-value", undefined]))
      .toBe("key [secret] and [secret] and pplx-…3f9a");
  });
});

describe("commandErrorText", () => {
  it("keeps only the CLI's error lines of a failed command, once each", () => {
    const message = "code: -2\n stdout: \n stderr: Command failed with exit code 6: pulumi stack select --stack nope\nerror: no stack named 'nope' found\n" +
      " err?: Error: Command failed with exit code 6: pulumi stack select --stack nope\nerror: no stack named 'nope' found\n";
    expect(commandErrorText(new Error(message))).toBe("no stack named 'nope' found");
  });
});
