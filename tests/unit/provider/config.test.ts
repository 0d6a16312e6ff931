import { readSettings } from "../../../provider/config";

const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });
const base = { "perplexity:apiKey": "pplx-k", "perplexity:baseUrl": "http://127.0.0.1:1" };

describe("provider settings", () => {
  it("leave the concurrency cap to the client when neither config nor environment sets it", () => {
    expect(readSettings(config(base), {}).maxConcurrency).toBeUndefined();
  });

  it("read perplexity:maxConcurrency, which wins over PERPLEXITY_MAX_CONCURRENCY", () => {
    expect(readSettings(config({ ...base, "perplexity:maxConcurrency": "3" }), { PERPLEXITY_MAX_CONCURRENCY: "5" }).maxConcurrency).toBe(3);
    expect(readSettings(config(base), { PERPLEXITY_MAX_CONCURRENCY: "5" }).maxConcurrency).toBe(5);
  });

  it.each(["0", "65", "2.5", "many"])("reject a concurrency cap of %s naming the setting and the range", (value) => {
    expect(() => readSettings(config({ ...base, "perplexity:maxConcurrency": value }), {})).toThrow(
      `perplexity:maxConcurrency must be a whole number from 1 to 64 (requests in flight at once), not "${value}".`,
    );
    expect(() => readSettings(config(base), { PERPLEXITY_MAX_CONCURRENCY: value })).toThrow(/^PERPLEXITY_MAX_CONCURRENCY must be/);
  });
});
