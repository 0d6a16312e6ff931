import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { groupWithCardAndKey, startTestBackend, type TestBackend } from "../helpers/backend";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { MISSING, PYTHON_BIN } = require("../../tools/setup-contract") as { MISSING: string; PYTHON_BIN: string };

/** What each probe (tests/contract/sdk/) prints after the same calls through its SDK. */
interface ProbeResult {
  whole: { content: string; delta: string; usage: number; prompt_tokens: number; total_cost: number };
  stream: { chunks: number; text: string; usages: number[]; finish: (string | null)[] };
  search: { id: string; results: string[] };
}

/** The SDKs, each driven as an app drives it, in its own process: the command and its probe script. */
const SDKS = [
  ["npm @perplexity-ai/perplexity_ai", () => process.execPath, "probe.mjs"],
  ["PyPI perplexityai in strict mode (_strict_response_validation)", () => {
    if (!fs.existsSync(PYTHON_BIN)) throw new Error(`${PYTHON_BIN} is missing: ${MISSING}`);
    return PYTHON_BIN;
  }, "probe.py"],
] as const;

describe("the official Perplexity SDKs against the embedded backend", () => {
  let backend: TestBackend;

  beforeAll(async () => {
    backend = await startTestBackend();
  });
  afterAll(async () => backend?.close());

  it.each(SDKS)("%s: chat with text parts, a tool turn and null max_tokens; a stream metered once; a search metered as one request", async (_name, command, script) => {
    const { groupId, key } = await groupWithCardAndKey(backend);
    await backend.client.billing.purchaseCredits(groupId, { amount_usd_micros: 5_000_000 });
    const out = await new Promise<string>((resolve, reject) =>
      execFile(command(), [path.join(__dirname, "sdk", script), backend.url, key.token], { timeout: 60_000 },
        (e, stdout, stderr) => (e ? reject(new Error(`${e.message}\n${stderr}`)) : resolve(stdout))));
    const result = JSON.parse(out) as ProbeResult;

    // Input tokens count the text of every message, parts joined: 9 + 15 + 23 characters, ⌈47 / 4⌉ = 12.
    expect(result.whole).toMatchObject({ content: "Emulated sonar answer to: Infrastructure as code.", delta: "", prompt_tokens: 12, usage: 112 });
    expect(result.stream.text).toBe("Emulated sonar-pro answer to: Stream it");
    expect(result.stream.usages).toEqual([50]);
    expect(result.stream.finish).toEqual([...Array<null>(result.stream.chunks - 1).fill(null), "stop"]);
    expect(result.search.results).toHaveLength(4);

    const metric = async (name: "chat_completions_requests" | "search_api_requests") =>
      (await backend.client.usage.metrics(groupId, { metric: name, api_key_id: key.id })).metrics[0]?.total;
    expect([await metric("chat_completions_requests"), await metric("search_api_requests")]).toEqual([2, 1]);
    // Three requests, three debits: the stream is billed once, and the search at $5 per 1,000.
    const debits = (await backend.client.billing.listTransactions(groupId, { kind: "usage_debit" })).data.map((d) => -d.amount_usd_micros);
    expect(debits).toHaveLength(3);
    expect(debits[0]).toBe(5_000);
  });
});
