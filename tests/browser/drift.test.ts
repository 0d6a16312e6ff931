import { cliProject } from "../e2e/helpers/cli-project";
import { useConsole, openPage } from "./helpers/console";

const program = `const group = new Group("team", { name: "Team", address: { line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" } });
exports.groupId = group.id;`;

describe("a setting changed by hand in the console", () => {
  const h = useConsole("drift");

  it("is reported by `pulumi-perplexity drift` (exit 2) naming address.city, the console user and the time; `pulumi up --refresh` restores it and the page shows it", async () => {
    const project = await cliProject(h.backend);
    try {
      project.program(program);
      await project.up();
      const groupId = (await project.outputs()).groupId as string;
      // The person at the console: an Admin member of the group, signed in with their own credential.
      const invited = await h.backend.client.members.invite(groupId, { email: "ops@example.com", role: "admin" });
      await h.backend.control("POST", `members/${invited.id}/accept`);
      const { token } = (await h.backend.control("POST", `members/${invited.id}/credential`)) as { token: string };
      await h.signedIn(async (page) => {
        await openPage(page, "Settings");
        await page.getByLabel("City").fill("Munich");
        await page.getByRole("button", { name: "Save" }).click();
        await page.getByRole("alert").filter({ hasText: /^Saved at / }).waitFor();
        await h.screenshot(page, "settings-city-changed");
        const edit = (await h.backend.client.auditEvents.list(groupId, { action: "group.updated", limit: 100 })).data.at(-1);
        expect(edit?.actor).toEqual({ type: "member", id: invited.id });

        const drift = await project.cli("drift");
        expect(drift.code).toBe(2);
        const row = drift.stdout.split("\n").find((line) => line.includes("address.city"));
        expect(row).toMatch(/changed +address\.city +"Berlin" +"Munich"/);
        expect(row).toContain(`member ${invited.id} at ${edit?.created_at}`);

        // Pulumi compares the program with the state, which still says Berlin: `--refresh` reads the account first.
        await project.up("--refresh");
        expect((await h.backend.client.groups.retrieve(groupId)).address.city).toBe("Berlin");
        await page.reload();
        await page.getByRole("heading", { level: 1, name: "Settings" }).waitFor();
        await page.getByLabel("City").waitFor();
        expect(await page.getByLabel("City").inputValue()).toBe("Berlin");
        await project.expectNoChanges();
      }, token);
    } finally {
      // Destroy takes the console user with the group: the stack's management key invited them.
      await project.cleanup();
    }
  });
});
