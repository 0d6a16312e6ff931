import * as fs from "node:fs";
import * as path from "node:path";
import { fuzz, MAX_EXAMPLES, summaryOf } from "./schemathesis";
import { type Role, seededBackend } from "./seed";

const roles: Role[] = ["management key", "admin member", "member", "group API key"];

// schemathesis, a third-party fuzzer, checks that the server does exactly what openapi.json says, as each
// kind of caller: every status documented, every body matching its schema, every schema-valid request
// accepted and every invalid one rejected, stateful sequences (create, then read, update, delete) included.
describe("The management API, fuzzed by schemathesis against its own OpenAPI document", () => {
  it.each(roles)("answers every request as documented when called with the %s", async (role) => {
    const seeded = await seededBackend(role);
    try {
      const result = await fuzz(seeded);
      process.stdout.write(`[contract] ${role}: ${result.requests} requests, ${result.failures} failures (max ${MAX_EXAMPLES} examples per operation)\n`);
      // CONTRACT_OUTPUT_DIR=/some/tmp keeps schemathesis's whole report per role, for reading the failures in full.
      const keep = process.env["CONTRACT_OUTPUT_DIR"];
      if (keep !== undefined) fs.writeFileSync(path.join(keep, `${role.replace(/ /g, "-")}.txt`), result.output);
      if (result.exitCode !== 0) throw new Error(`schemathesis found failures as the ${role}:\n${summaryOf(result.output)}`);
      expect(result.failures).toBe(0);
    } finally {
      await seeded.backend.close();
    }
  }, 600_000);
});
