import { groupMadeByHand } from "../helpers/backend";
import { tabTo, unlabelledControls } from "./helpers/a11y";
import { openPage, useConsole } from "./helpers/console";

const PAGES = ["Settings", "Members", "API keys", "Billing", "Usage", "Invoice history", "Audit log"];

describe("the local console, signed in with the management key", () => {
  const h = useConsole("console");
  let groupId: string;

  beforeAll(async () => {
    ({ groupId } = await groupMadeByHand(h.backend, "Console team"));
  });

  it("keeps the key in session storage only (not the URL, a cookie or the HTML) and shows every page with labelled controls", async () => {
    await h.signedIn(async (page, context) => {
      for (const title of PAGES) {
        await openPage(page, title);
        await page.waitForLoadState("networkidle");
        expect({ page: title, unlabelled: await unlabelledControls(page) }).toEqual({ page: title, unlabelled: [] });
        await h.screenshot(page, `admin-${title.toLowerCase().replace(/ /g, "-")}`);
      }
      expect(page.url()).toContain(`#/${groupId}/audit`);
      expect(page.url()).not.toContain(h.backend.adminToken);
      expect(await context.cookies()).toEqual([]);
      expect(await page.content()).not.toContain(h.backend.adminToken);
      const storage = await page.evaluate(() => ({ local: { ...localStorage }, session: Object.values(sessionStorage) }));
      expect(storage).toEqual({ local: {}, session: [h.backend.adminToken] });
    });
  });

  it("offers a group picker when the key sees several groups, and shows the chosen group's pages", async () => {
    const other = await groupMadeByHand(h.backend, "Second team");
    try {
      await h.signedIn(async (page) => {
        const picker = page.getByLabel("Group", { exact: true });
        expect(await picker.locator("option").allTextContents()).toEqual([`Console team (${groupId})`, `Second team (${other.groupId})`]);
        await picker.selectOption(other.groupId);
        await page.waitForURL(`**/#/${other.groupId}/settings`);
        await page.getByLabel("Name", { exact: true }).waitFor();
        await page.waitForFunction(() => (document.getElementById("f-name") as HTMLInputElement | null)?.value === "Second team");
      });
    } finally {
      await h.backend.client.groups.delete(other.groupId);
    }
  });

  it("is usable from the keyboard: sign in, move between pages and submit a form without the mouse", async () => {
    const context = await h.browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(h.backend.url);
      await tabTo(page, /Management key or member credential/);
      await page.keyboard.type(h.backend.adminToken);
      await page.keyboard.press("Enter");
      await page.getByRole("navigation", { name: "Pages" }).waitFor();
      await tabTo(page, /^\s*Members/);
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { level: 1, name: "Members" }).waitFor();
      await tabTo(page, /Email/);
      await page.keyboard.type("keyboard@example.com");
      await page.keyboard.press("Enter");
      await page.getByRole("alert").filter({ hasText: "Invited keyboard@example.com." }).waitFor();
    } finally {
      await context.close();
    }
  });

  it("shows the API's error under the field it names and saves nothing: an unknown country in Settings", async () => {
    await h.signedIn(async (page) => {
      await openPage(page, "Settings");
      await page.getByLabel("Country (ISO code, e.g. US)").fill("XX");
      await page.getByRole("button", { name: "Save" }).click();
      const error = page.locator("#f-address-country-error");
      await error.waitFor();
      expect(await error.textContent()).toContain("ISO 3166-1 alpha-2");
      expect(await page.getByLabel("Country (ISO code, e.g. US)").getAttribute("aria-describedby")).toBe("f-address-country-error");
      await h.screenshot(page, "settings-field-error");
      expect((await h.backend.client.groups.retrieve(groupId)).address.country).toBe("DE");
    });
  });

  it("invites two members, filters them by role, and shows the API's last_admin refusal when the only admin is demoted", async () => {
    await h.signedIn(async (page) => {
      await openPage(page, "Members");
      const invite = page.getByRole("form", { name: "Invite a member" });
      await invite.getByLabel("Email").fill("ada@example.com");
      await invite.getByLabel("Role").selectOption("admin");
      await invite.getByRole("button", { name: "Invite" }).click();
      await page.getByRole("alert").filter({ hasText: "Invited ada@example.com." }).waitFor();
      await invite.getByLabel("Email").fill("bob@example.com");
      await invite.getByLabel("Role").selectOption("member");
      await invite.getByRole("button", { name: "Invite" }).click();
      await page.getByRole("alert").filter({ hasText: "Invited bob@example.com." }).waitFor();
      // Ada accepts: she becomes the group's only active admin.
      const members = await h.backend.client.members.list(groupId);
      const ada = members.data.find((m) => m.email === "ada@example.com");
      await h.backend.control("POST", `members/${ada?.id}/accept`);
      await page.reload();
      const table = page.getByRole("table", { name: "Members and invitations" });
      await table.getByRole("row", { name: /ada@example\.com.*active/ }).waitFor();

      await page.getByLabel("Filter by role").selectOption("admin");
      await table.getByRole("row", { name: /bob@example\.com/ }).waitFor({ state: "detached" });
      expect(await table.locator("tbody tr td:first-child").allTextContents()).toEqual(["ada@example.com"]);
      await page.getByLabel("Filter by role").selectOption("member");
      await table.getByRole("row", { name: /ada@example\.com/ }).waitFor({ state: "detached" });
      expect((await table.locator("tbody tr td:first-child").allTextContents()).sort()).toEqual(["bob@example.com", "keyboard@example.com"]);
      await page.getByLabel("Filter by role").selectOption("");

      await page.getByLabel("Role of ada@example.com").selectOption("member");
      const refusal = page.getByRole("alert").filter({ hasText: /admin/i });
      await refusal.waitFor();
      expect(await refusal.textContent()).toMatch(/last active admin|promote/i);
      await h.screenshot(page, "members-last-admin-refused");
      // The refusal changed nothing: the select shows her role as the API still has it.
      await page.getByRole("table", { name: "Members and invitations" }).getByLabel("Role of ada@example.com").waitFor();
      expect(await page.getByLabel("Role of ada@example.com").inputValue()).toBe("admin");
    });
  });

  it("shows a new key's token once, with a copy button; after a reload only its hint; the key works until it is revoked", async () => {
    await h.signedIn(async (page, context) => {
      await context.grantPermissions(["clipboard-read", "clipboard-write"]);
      const logged: string[] = [];
      page.on("console", (m) => logged.push(m.text()));
      await openPage(page, "API keys");
      await page.getByLabel("Key name").fill("ci");
      await page.getByRole("button", { name: "Create key" }).click();
      const token = await page.getByLabel("New API key token").inputValue();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("new-token");
      expect(token).toMatch(/^pplx-[A-Za-z0-9]{48}$/);
      await page.getByRole("button", { name: "Copy" }).click();
      await page.getByRole("alert").filter({ hasText: "Copied" }).waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
      await h.screenshot(page, "api-key-token-once");
      const hint = `pplx-…${token.slice(-4)}`;

      await page.reload();
      await page.getByRole("heading", { level: 1, name: "API keys" }).waitFor();
      await page.getByRole("row", { name: new RegExp(`ci.*${hint}`) }).waitFor();
      expect(await page.content()).not.toContain(token);
      expect(await page.getByLabel("New API key token").count()).toBe(0);
      expect(await page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }))).not.toContain(token);

      const chat = () => fetch(`${h.backend.url}/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "sonar", messages: [{ role: "user", content: "hi" }] }) });
      // A new group has no credit: buy some so the key is not blocked.
      await h.backend.client.billing.setPaymentMethod(groupId, { token: "pm_card_visa" });
      await h.backend.client.billing.purchaseCredits(groupId, { amount_usd_micros: 10_000_000 });
      expect((await chat()).status).toBe(200);

      await page.getByRole("button", { name: "Revoke ci" }).click();
      const dialog = page.getByRole("alertdialog");
      expect(await dialog.textContent()).toContain(hint);
      // Focus starts on Cancel, so a stray Enter does not revoke.
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Cancel");
      await dialog.getByRole("button", { name: "Revoke key" }).click();
      await page.getByRole("alert").filter({ hasText: `Revoked ci (${hint}).` }).waitFor();
      expect((await chat()).status).toBe(401);
      expect(logged.filter((line) => line.includes(token.slice(5)))).toEqual([]);
      const active = await h.backend.client.apiKeys.list(groupId);
      expect(active.data.map((k) => k.name)).not.toContain("ci");
    });
  });

  it("signed in with a Member's credential: read-only pages without edit controls, and a forced write from the page gets 403", async () => {
    const invited = await h.backend.client.members.invite(groupId, { email: "viewer@example.com", role: "member" });
    await h.backend.control("POST", `members/${invited.id}/accept`);
    const { token } = await h.backend.control("POST", `members/${invited.id}/credential`) as { token: string };
    await h.signedIn(async (page) => {
      expect(await page.getByText("Signed in as viewer@example.com (member)").count()).toBe(1);
      for (const title of PAGES) {
        await openPage(page, title);
        await page.waitForLoadState("networkidle");
        await h.screenshot(page, `member-${title.toLowerCase().replace(/ /g, "-")}`);
      }
      await openPage(page, "Settings");
      await page.getByLabel("City").waitFor();
      expect(await page.getByLabel("City").getAttribute("readonly")).not.toBeNull();
      const editButtons = /^(Save|Invite|Create key|Revoke|Remove|Resend|Buy credits|Save card|Change preferences)/;
      for (const title of PAGES) {
        await openPage(page, title);
        await page.waitForLoadState("networkidle");
        expect({ page: title, buttons: (await page.getByRole("button", { name: editButtons }).allTextContents()) }).toEqual({ page: title, buttons: [] });
        expect({ page: title, forms: await page.getByRole("form", { name: /Invite|Create|Buy|Payment|Auto reload/ }).count() }).toEqual({ page: title, forms: 0 });
        expect({ page: title, roleSelects: await page.getByRole("combobox", { name: /^Role of / }).count() }).toEqual({ page: title, roleSelects: 0 });
      }
      const forced = await page.evaluate(async ([id]) => {
        const token = sessionStorage.getItem("pulumi-perplexity.console.token");
        const r = await fetch(`/v1/groups/${id}`, { method: "PATCH", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ name: "Hijacked" }) });
        return { status: r.status, body: await r.json() };
      }, [groupId]);
      expect(forced).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
      expect((await h.backend.client.groups.retrieve(groupId)).name).toBe("Console team");
    }, token);
  });

  it("signs out, saying why, when the member's credential stops working mid-session because the member was removed", async () => {
    const invited = await h.backend.client.members.invite(groupId, { email: "leaver@example.com", role: "member" });
    await h.backend.control("POST", `members/${invited.id}/accept`);
    const { token } = await h.backend.control("POST", `members/${invited.id}/credential`) as { token: string };
    await h.signedIn(async (page) => {
      await openPage(page, "Members");
      // Removed only once the page has loaded: a removal while its requests are in flight signs out before the click.
      await page.getByRole("cell", { name: "leaver@example.com" }).waitFor();
      await h.backend.client.members.remove(groupId, invited.id);
      await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "API keys", exact: true }).click();
      await page.getByRole("form", { name: "Sign in" }).waitFor();
      expect(await page.getByRole("alert").textContent()).toMatch(/no longer accepts this credential.*sign in again/);
      expect(await page.evaluate(() => Object.keys(sessionStorage))).toEqual([]);
      await h.screenshot(page, "signed-out-credential-revoked");
    }, token);
  });
});
