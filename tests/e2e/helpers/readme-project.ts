import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "../../../cli/engine";

/** The README section whose code blocks make up a user's project (program, unit test and their config). */
export const TESTING_SECTION = "### Testing your program";

/**
 * Writes the project the README's "Testing your program" section shows into `dir`: every code block of
 * the section whose first line names a file (`// index.test.ts`) becomes that file, plus a package.json.
 * The README is the fixture, so the example users copy is the one that is tested.
 * @returns The files written, by name.
 */
export function writeReadmeTestingProject(dir: string): string[] {
  const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
  const start = readme.indexOf(`${TESTING_SECTION}\n`);
  if (start < 0) throw new Error(`README.md has no "${TESTING_SECTION}" section`);
  const end = readme.indexOf("\n### ", start + TESTING_SECTION.length);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const files: string[] = [];
  for (const [, body = ""] of section.matchAll(/```[a-z]*\n([\s\S]*?)```/g)) {
    const name = /^\/\/ ([\w./-]+)\n/.exec(body)?.[1];
    if (!name) continue;
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), body);
    files.push(name);
  }
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "user-program", private: true, scripts: { test: "jest && mocha" } }, null, 2));
  return files;
}
