import { parseDriftArgs } from "../../../cli/drift";

describe("parseDriftArgs", () => {
  it("defaults: the current directory, the selected stack, a table", () => {
    expect(parseDriftArgs([], "/here")).toEqual({ kind: "run", options: { stack: undefined, cwd: "/here", program: undefined, format: "table" } });
  });

  it("reads every option", () => {
    expect(parseDriftArgs(["--stack", "dev", "--cwd", "/proj", "--program", "dist/index.js", "--json"], "/here"))
      .toEqual({ kind: "run", options: { stack: "dev", cwd: "/proj", program: "dist/index.js", format: "json" } });
    expect(parseDriftArgs(["--markdown"], "/here")).toMatchObject({ options: { format: "markdown" } });
  });

  it("asks for help with --help or -h", () => {
    expect(parseDriftArgs(["-h"], "/")).toEqual({ kind: "help" });
    expect(parseDriftArgs(["--stack", "dev", "--help"], "/")).toEqual({ kind: "help" });
  });

  it.each([
    [["--json", "--markdown"], /one of --json and --markdown/],
    [["--bogus"], /Unknown option '--bogus'/],
    [["--stack"], /--stack/],
    [["--stack", ""], /--stack needs a value/],
    [["extra"], /positional/i],
  ])("rejects %j", (argv, message) => {
    const parsed = parseDriftArgs(argv, "/");
    expect(parsed.kind).toBe("error");
    expect(parsed.kind === "error" && parsed.message).toMatch(message);
  });
});
