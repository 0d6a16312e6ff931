import * as crypto from "node:crypto";
import { PRICES, type UsageEvent } from "../../api";
import type { PerplexityClient } from "../../client";

/** The fee of one low-context sonar request, in micro-USD ($5 per 1,000). */
export const SONAR_REQUEST_FEE = PRICES.sonar.requests_low ?? 0;

/**
 * A sonar usage event that costs exactly `usdMicros` (at least {@link SONAR_REQUEST_FEE}): sonar bills
 * 1 micro-USD per output token on top of the request fee.
 */
export function eventCosting(apiKeyId: string, usdMicros: number, id = `evt-${crypto.randomUUID()}`): UsageEvent {
  if (usdMicros < SONAR_REQUEST_FEE) throw new Error(`a sonar request costs at least ${SONAR_REQUEST_FEE} micro-USD`);
  return { type: "chat.completion", id, api_key_id: apiKeyId, model: "sonar", usage: { prompt_tokens: 0, completion_tokens: usdMicros - SONAR_REQUEST_FEE } };
}

/** Records one usage event of `apiKeyId` costing exactly `usdMicros`, with the management client `admin`. */
export async function spend(admin: PerplexityClient, apiKeyId: string, usdMicros: number): Promise<void> {
  await admin.usage.ingest([eventCosting(apiKeyId, usdMicros)]);
}

/**
 * What the metering backend does to a group whose card stops working: switches the card on file to
 * `pm_card_declined`, spends the balance down through the auto-reload threshold, then spends twice
 * more, so three reloads in a row are declined and auto reload switches itself off. Buys credit first
 * (with the working card) when the group is already under the threshold. Uses a key made for the purpose.
 */
export async function declineAutoReloadsUntilOff(admin: PerplexityClient, groupId: string): Promise<void> {
  const { balance_usd_micros: balance, auto_reload: policy } = await admin.billing.retrieve(groupId);
  let above = balance;
  if (balance < policy.threshold_usd_micros) {
    const amount = Math.max(5_000_000, Math.ceil((policy.threshold_usd_micros - balance + 10_000) / 10_000) * 10_000);
    above = (await admin.billing.purchaseCredits(groupId, { amount_usd_micros: amount })).billing.balance_usd_micros;
  }
  await admin.billing.setPaymentMethod(groupId, { token: "pm_card_declined" });
  const key = await admin.apiKeys.create(groupId, { name: "metering test" });
  await spend(admin, key.id, Math.max(SONAR_REQUEST_FEE, above - policy.threshold_usd_micros + SONAR_REQUEST_FEE));
  await spend(admin, key.id, SONAR_REQUEST_FEE);
  await spend(admin, key.id, SONAR_REQUEST_FEE);
}

/** What `POST /chat/completions` answered: status, headers and the parsed JSON body. */
export interface ChatResult {
  readonly status: number;
  readonly headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read both completions and error envelopes
  readonly body: Record<string, any>;
}

/** Calls the backend's metered `POST /chat/completions` with the API key `token`, as Perplexity's clients do. */
export async function chatCompletion(baseUrl: string, token: string,
  body: object = { model: "sonar", messages: [{ role: "user", content: "Hello there!" }] }): Promise<ChatResult> {
  const response = await fetch(`${baseUrl}/chat/completions`, { method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

/** An API key id of the right form, for bodies that never reach a store. */
export const SAMPLE_KEY = "key_0123456789abcdefghijklmn";

/**
 * Usage event bodies the contract accepts, one of each kind: every optional field present somewhere, bounds
 * of the counts, an id with JSON's special characters and one of the longest, keys out of schema order.
 */
export const SAMPLE_EVENTS: readonly Record<string, unknown>[] = [
  { type: "chat.completion", id: "e1", api_key_id: SAMPLE_KEY, model: "sonar", usage: { prompt_tokens: 10, completion_tokens: 10 } },
  { type: "chat.completion", id: "e2", api_key_id: SAMPLE_KEY, model: "sonar-pro", search_context_size: "high", search_type: "pro", timestamp: "2026-06-15T12:00:00.000Z",
    usage: { prompt_tokens: 0, completion_tokens: 1_000_000_000 } },
  { type: "chat.completion", id: "e3", api_key_id: SAMPLE_KEY, model: "sonar-deep-research",
    usage: { prompt_tokens: 1, completion_tokens: 2, citation_tokens: 3, reasoning_tokens: 4, num_search_queries: 5 } },
  { type: "search", id: "~!\"\\'{}", api_key_id: SAMPLE_KEY },
  { api_key_id: SAMPLE_KEY, type: "search", timestamp: "2026-06-15T12:00:00Z", id: "s".repeat(255) },
];
