import type { Locator, Page } from "playwright-core";
import { groupMadeByHand } from "../helpers/backend";
import { openPage, useConsole } from "./helpers/console";

/** The first cell of every body row of `table`, once it shows `rows` rows. */
async function firstCells(table: Locator, rows: number): Promise<string[]> {
  await table.locator("tbody tr").nth(rows - 1).waitFor();
  await table.locator("tbody tr").nth(rows).waitFor({ state: "detached" });
  return table.locator("tbody tr td:first-child").allTextContents();
}

/** Clicks `name` in the pager labelled `label` and waits until the table's first row changed. */
async function turn(page: Page, table: Locator, label: string, name: "Next" | "Previous"): Promise<void> {
  const first = await table.locator("tbody tr td:first-child").first().textContent();
  await page.getByRole("navigation", { name: label }).getByRole("button", { name }).click();
  await table.locator("tbody tr td:first-child").first().filter({ hasNotText: first ?? "" }).waitFor();
}

describe("the console's long lists", () => {
  const h = useConsole("paging");
  let groupId: string;
  const invited = Array.from({ length: 205 }, (_, i) => `user${String(i).padStart(3, "0")}@example.com`);
  const admins = new Set(invited.filter((_, i) => i % 50 === 0));
  // The API orders by (creation millisecond, id) and ids are random, so rows made in the same millisecond
  // come in any order: the console must show the API's order, which is read back here (CI saw 124 before 123).
  const emails: string[] = [];
  const keyNames: string[] = [];

  beforeAll(async () => {
    ({ groupId } = await groupMadeByHand(h.backend, "Big team"));
    for (const email of invited) await h.backend.client.members.invite(groupId, { email, role: admins.has(email) ? "admin" : "member" });
    for (let i = 0; i < 101; i++) await h.backend.client.apiKeys.create(groupId, { name: `key ${String(i).padStart(3, "0")}` });
    for await (const page of h.backend.client.members.listAll(groupId)) emails.push(...page.data.map((m) => m.email));
    for await (const page of h.backend.client.apiKeys.listAll(groupId)) keyNames.push(...page.data.map((k) => k.name));
    expect([...emails].sort()).toEqual(invited);
    expect(keyNames).toHaveLength(101);
  }, 60_000);

  it("shows all 205 members 100 to a page with Next and Previous, and a role filter starts again on its first page", async () => {
    await h.signedIn(async (page) => {
      await openPage(page, "Members");
      const table = page.getByRole("table", { name: "Members and invitations" });
      const pager = page.getByRole("navigation", { name: "Member pages" });
      const seen = await firstCells(table, 100);
      expect(await pager.getByRole("button", { name: "Previous" }).isDisabled()).toBe(true);
      await turn(page, table, "Member pages", "Next");
      seen.push(...(await firstCells(table, 100)));
      await turn(page, table, "Member pages", "Next");
      seen.push(...(await firstCells(table, 5)));
      expect(await pager.getByRole("button", { name: "Next" }).isDisabled()).toBe(true);
      expect(seen).toEqual(emails);
      await h.screenshot(page, "members-last-page");

      await turn(page, table, "Member pages", "Previous");
      expect(await firstCells(table, 100)).toEqual(emails.slice(100, 200));
      await page.getByLabel("Filter by role").selectOption("admin");
      expect(await firstCells(table, 5)).toEqual(emails.filter((email) => admins.has(email)));
      expect(await pager.getByRole("button", { name: "Previous" }).isDisabled()).toBe(true);
      expect(await pager.getByRole("button", { name: "Next" }).isDisabled()).toBe(true);
    });
  });

  it("shows the 101st API key on a second page, and steps back to the first page when revoking it empties the second", async () => {
    await h.signedIn(async (page) => {
      await openPage(page, "API keys");
      const table = page.getByRole("table", { name: "Active API keys" });
      const [lastOnFirst, onSecond] = keyNames.slice(99);
      expect((await firstCells(table, 100)).at(-1)).toBe(lastOnFirst);
      await turn(page, table, "API key pages", "Next");
      expect(await firstCells(table, 1)).toEqual([onSecond]);
      await page.getByRole("button", { name: `Revoke ${onSecond}` }).click();
      await page.getByRole("button", { name: "Revoke key", exact: true }).click();
      await page.getByRole("alert").filter({ hasText: `Revoked ${onSecond}` }).waitFor();
      expect((await firstCells(table, 100)).at(-1)).toBe(lastOnFirst);
      expect(await page.getByRole("navigation", { name: "API key pages" }).getByRole("button", { name: "Next" }).isDisabled()).toBe(true);
    });
  });

  it("offers every group in the picker when the key sees more than 100, and opens the last one", async () => {
    const names = Array.from({ length: 101 }, (_, i) => `Branch ${String(i).padStart(3, "0")}`);
    const made: string[] = [];
    for (const name of names) made.push((await groupMadeByHand(h.backend, name)).groupId);
    await h.signedIn(async (page) => {
      const picker = page.getByLabel("Group", { exact: true });
      await picker.locator("option").nth(101).waitFor({ state: "attached" });
      expect(await picker.locator("option").count()).toBe(102);
      await picker.selectOption(made.at(-1) as string);
      await page.waitForURL(`**/#/${made.at(-1)}/settings`);
      await page.waitForFunction(() => (document.getElementById("f-name") as HTMLInputElement | null)?.value === "Branch 100");
    });
  });
});
