import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ApiKey, AutoReloadPolicy, Group, Member } from "pulumi-perplexity";
import { withStack } from "./helpers/stack";

/** Every file under `dir`, recursively, as one buffer per file. */
function filesUnder(dir: string): Array<[string, Buffer]> {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : ([[full, fs.readFileSync(full)]] as Array<[string, Buffer]>);
  });
}

describe("secrets never appear in plaintext", () => {
  const dbDir = fs.mkdtempSync(path.join(os.tmpdir(), "pplx-secret-audit-"));
  afterAll(() => fs.rmSync(dbDir, { recursive: true, force: true }));

  it("the stored state, stack config, CLI output, provider logs and the backend database hold no token or management key", () =>
    withStack(
      async (backend) => {
        const group = await backend.client.groups.create({ name: "Audit", address: { line1: "1 Main St", city: "Berlin", postal_code: "10115", country: "DE" } });
        await backend.client.billing.setPaymentMethod(group.id, { token: "pm_card_visa" });
        return { groupId: group.id };
      },
      ({ groupId }) => async () => {
        const key = new ApiKey("ci", { groupId });
        new Member("ops", { groupId, email: "ops@example.com", role: "admin" });
        new AutoReloadPolicy("reload", { groupId, thresholdUsd: 10, amountUsd: 50 });
        new Group("other", { address: { line1: "2 Main St", city: "Berlin", postalCode: "10115", country: "DE" } });
        return { token: key.token };
      },
      async ({ backend, stack, dir }) => {
        let output = "";
        const collect = (s: string) => void (output += s);
        const up = await stack.up({ onOutput: collect });
        const token = up.outputs.token?.value as string;
        expect(token).toMatch(/^pplx-/);
        await stack.refresh({ onOutput: collect });
        await stack.preview({ onOutput: collect, refresh: true });
        await backend.close();

        const secrets = { "API key token": token, "management key": backend.adminToken };
        const places: Array<[string, string | Buffer]> = [
          ["CLI and provider output", output],
          ...filesUnder(dir),
          ...filesUnder(dbDir),
        ];
        for (const [where, content] of places) {
          for (const [what, secret] of Object.entries(secrets)) {
            expect({ where, what, leaked: content.includes(secret) }).toEqual({ where, what, leaked: false });
          }
        }
      },
      { dbPath: path.join(dbDir, "backend.sqlite") },
    ));
});
