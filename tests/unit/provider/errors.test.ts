import { errorFromResponse } from "../../../client/error-from-response";
import { GROUP_NOT_EMPTY_ADVICE } from "../../../backend/store/group-contents";
import { attempt, reported, withoutLastSentence } from "../../../provider/errors";

const refusal = (code: string, message: string) =>
  Promise.reject(errorFromResponse(409, { error: { type: "conflict_error", code, message } }, { method: "DELETE", path: "/v1/groups/grp_x" }));

describe("provider error hints", () => {
  it("replace the API's own fix with the program's, so the error states one fix", async () => {
    const api = `Group grp_x still has $5.00 of credit and 1 member someone else added (a@x.dev mem_1). ${GROUP_NOT_EMPTY_ADVICE}`;
    const message = await attempt("deleting group grp_x", refusal("group_not_empty", api), { group_not_empty: { instead: "Set forceDestroy: true." } })
      .then(() => "", (e: Error) => e.message);
    expect(message).toBe("deleting group grp_x: DELETE /v1/groups/grp_x: 409 group_not_empty: Group grp_x still has $5.00 of credit and " +
      "1 member someone else added (a@x.dev mem_1). Set forceDestroy: true.");
  });

  it("append to a message that says what is wrong but not what to do", async () => {
    const message = await attempt("x", refusal("some_code", "It broke."), { some_code: "Do this." }).then(() => "", (e: Error) => e.message);
    expect(message).toMatch(/It broke\. Do this\.$/);
  });

  it("drop only the last sentence, keeping dotted ids, emails and amounts whole", () => {
    expect(withoutLastSentence("Group grp_x still has $5.12 (a.b@x.dev mem_1). Do it.")).toBe("Group grp_x still has $5.12 (a.b@x.dev mem_1).");
    expect(withoutLastSentence("Only one sentence.")).toBe("Only one sentence.");
  });
});

describe("a provider call's failure", () => {
  it("reaches the engine as the call's error, and the host's stderr echo of it (message and stack trace) is dropped once", async () => {
    const lines: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void lines.push(args);
    try {
      const failure = new Error("deleting group grp_1: 409 group_not_empty: …");
      await expect(reported(() => Promise.reject(failure))).rejects.toBe(failure);
      // What the dynamic-provider host does with it (cmd/dynamic-provider: `console.error(\`${e}: ${e.stack}\`)`).
      console.error(`${failure}: ${failure.stack}`);
      console.error("warning: something else the provider says");
      console.error(`${failure}: ${failure.stack}`);
      expect(lines.map(([line]) => String(line).split("\n")[0])).toEqual(["warning: something else the provider says", "Error: deleting group grp_1: 409 group_not_empty: …: Error: deleting group grp_1: 409 group_not_empty: …"]);
    } finally {
      console.error = original;
    }
  });
});
