import * as http from "node:http";
import { parentPort, workerData } from "node:worker_threads";

/** One load phase a worker runs: POST `bodies` (cycled, `{n}` replaced by a unique number) to `path`. */
export interface LoadJob {
  readonly url: string;
  readonly token: string;
  readonly path: string;
  /** Request bodies; `{n}` in a body becomes a number unique across the job (event ids). */
  readonly bodies: readonly string[];
  /** Requests in flight at once, each on its own keep-alive connection. */
  readonly inflight: number;
  /** Stop starting requests after this many milliseconds, or after `maxRequests`. */
  readonly durationMs: number;
  readonly maxRequests: number;
  /** Prefix that makes `{n}` unique across workers. */
  readonly idPrefix: string;
  /**
   * Optional. Requests per second to start on a fixed schedule (open loop; `inflight` then caps the
   * connections); default none: each of the `inflight` loops sends its next request when the last returns.
   * Latency then counts from the scheduled start, so a stalled server is not hidden by requests never sent.
   */
  readonly ratePerS?: number;
}

/** What a worker measured: request latencies in microseconds and the statuses that were not 200. */
export interface LoadResult {
  readonly latenciesUs: number[];
  readonly errors: Record<string, number>;
  readonly elapsedMs: number;
}

/** Runs `job` with `inflight` concurrent request loops over keep-alive connections. */
export async function runLoad(job: LoadJob): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.inflight });
  const target = new URL(job.path, job.url);
  const latenciesUs: number[] = [];
  const errors: Record<string, number> = {};
  let started = 0;
  const t0 = process.hrtime.bigint();
  const deadline = t0 + BigInt(job.durationMs) * 1_000_000n;
  const once = (body: string) => new Promise<number>((resolve, reject) => {
    const req = http.request(target, { method: "POST", agent, headers: { authorization: `Bearer ${job.token}`, "content-type": "application/json",
      "content-length": Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(body);
  });
  const loop = async () => {
    while (started < job.maxRequests && process.hrtime.bigint() < deadline) {
      const n = started++;
      const body = (job.bodies[n % job.bodies.length] ?? "").replaceAll("{n}", `${job.idPrefix}-${n}`);
      const t = process.hrtime.bigint();
      const status = await once(body);
      latenciesUs.push(Number(process.hrtime.bigint() - t) / 1000);
      if (status !== 200) errors[status] = (errors[status] ?? 0) + 1;
    }
  };
  const scheduled = async (ratePerS: number) => {
    const pending: Promise<void>[] = [];
    const intervalNs = BigInt(Math.round(1e9 / ratePerS));
    const send = async (n: number, due: bigint) => {
      const body = (job.bodies[n % job.bodies.length] ?? "").replaceAll("{n}", `${job.idPrefix}-${n}`);
      const status = await once(body);
      latenciesUs.push(Number(process.hrtime.bigint() - due) / 1000);
      if (status !== 200) errors[status] = (errors[status] ?? 0) + 1;
    };
    for (;;) {
      const due = t0 + BigInt(started) * intervalNs;
      if (started >= job.maxRequests || due >= deadline) break;
      if (due > process.hrtime.bigint()) await new Promise((resolve) => setTimeout(resolve, 1));
      else pending.push(send(started++, due));
    }
    await Promise.all(pending);
  };
  await (job.ratePerS === undefined ? Promise.all(Array.from({ length: job.inflight }, loop)) : scheduled(job.ratePerS));
  agent.destroy();
  return { latenciesUs, errors, elapsedMs: Number(process.hrtime.bigint() - t0) / 1e6 };
}

// Run as a worker thread: load as told, report back.
if (parentPort !== null && workerData !== null && typeof workerData === "object" && "path" in workerData) {
  const port = parentPort;
  runLoad(workerData as LoadJob).then((result) => port.postMessage(result), (err: unknown) => port.postMessage({ error: String(err) }));
}
