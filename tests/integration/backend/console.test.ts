import { consoleDirectory } from "../../../backend/plugins/console";
import { useTestApp } from "./helpers";

describe("the console's files", () => {
  const t = useTestApp();

  it("are built by set-up where the backend finds them", () => {
    expect(consoleDirectory()).toMatch(/dist[/\\]console$/);
  });

  it("are served at / without a credential, with a policy that allows only this origin's scripts and no framing", async () => {
    const page = await t.app.inject({ method: "GET", url: "/" });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toMatch(/^text\/html/);
    expect(page.body).toContain('<script src="/app.js"></script>');
    expect(page.headers["content-security-policy"]).toMatch(/script-src 'self';.*frame-ancestors 'none'/);
    expect(page.headers["x-content-type-options"]).toBe("nosniff");
    const script = await t.app.inject({ method: "GET", url: "/app.js" });
    expect([script.statusCode, script.headers["content-type"]]).toEqual([200, expect.stringMatching(/javascript/)]);
  });

  it("leave every other path to the API: an unknown file is the API's 404 envelope, and the API still needs a credential", async () => {
    const missing = await t.app.inject({ method: "GET", url: "/secrets.txt" });
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, "route_not_found"]);
    const api = await t.app.inject({ method: "GET", url: "/v1/groups" });
    expect(api.statusCode).toBe(401);
  });
});
