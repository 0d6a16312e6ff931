import * as fs from "node:fs";
import * as path from "node:path";
import { buildApp } from "./app";
import { randomSecret } from "./crypto";
import { renderOpenApi } from "./openapi";

/**
 * Where the generated document is committed: `openapi.json` at the repository root, the nearest folder
 * above this file with a package.json (so it is the same from `backend/` and from `dist/backend/`).
 */
export const OPENAPI_FILE = path.join(packageRoot(__dirname), "openapi.json");

function packageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** Builds an in-memory backend (not in test mode) and returns its OpenAPI document as committed text. */
export async function generateOpenApi(): Promise<string> {
  const app = await buildApp({ adminToken: randomSecret("pplx-admin-") });
  try {
    return renderOpenApi(app);
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  generateOpenApi()
    .then((text) => {
      fs.writeFileSync(OPENAPI_FILE, text);
      console.log(`wrote ${OPENAPI_FILE}`);
    })
    .catch((err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(1);
    });
}
