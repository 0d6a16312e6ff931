import * as fs from "node:fs";
import { generateOpenApi, OPENAPI_FILE } from "../../../backend/openapi-cli";
import { OPENAPI_TITLE } from "../../../backend/openapi";
import { buildTestApp, useTestApp } from "./helpers";

describe("OpenAPI document", () => {
  const t = useTestApp({ testMode: false });

  it("is served at /openapi.json without credentials and describes the group routes", async () => {
    const res = await t.app.inject({ method: "GET", url: "/openapi.json" });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.info.title).toBe(OPENAPI_TITLE);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/v1/groups", "/v1/groups/{group_id}"]));
    expect(Object.keys(doc.paths["/v1/groups/{group_id}"])).toEqual(expect.arrayContaining(["get", "patch", "delete"]));
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.components.schemas).toHaveProperty("Group");
    expect(doc.paths["/healthz"].get.security).toEqual([]);
  });

  it("leaves the test-mode controls out", async () => {
    const testMode = await buildTestApp({ testMode: true });
    try {
      const doc = (await testMode.app.inject({ method: "GET", url: "/openapi.json" })).json();
      expect(Object.keys(doc.paths).filter((p) => p.startsWith("/_backend"))).toEqual([]);
    } finally {
      await testMode.app.close();
    }
  });

  it("matches the committed openapi.json (run `node dist/backend/openapi-cli.js` after changing a route)", async () => {
    expect(fs.readFileSync(OPENAPI_FILE, "utf8")).toBe(await generateOpenApi());
  });
});
