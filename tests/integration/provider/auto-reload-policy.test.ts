import { startTestBackend, type TestBackend } from "../../helpers/backend";
import { declineAutoReloadsUntilOff } from "../../helpers/metering";
import { checkedCreate, newGroup, providerFor } from "./helpers";

describe("AutoReloadPolicy provider", () => {
  let backend: TestBackend;
  let provider: ReturnType<typeof providerFor>;

  beforeAll(async () => {
    backend = await startTestBackend();
    provider = providerFor(backend, "autoReloadPolicy");
  });

  afterAll(async () => backend?.close());

  it("create sets the group's auto reload in exact micro-USD", async () => {
    const groupId = await newGroup(backend);
    await backend.client.billing.setPaymentMethod(groupId, { token: "pm_card_visa" });
    const { outs } = await checkedCreate(provider, { groupId, thresholdUsd: 12.34, amountUsd: 50 });
    expect(outs).toMatchObject({ enabled: true, thresholdUsd: 12.34, amountUsd: 50, disabledReason: null });
    expect(await backend.client.billing.getAutoReload(groupId)).toMatchObject({ threshold_usd_micros: 12_340_000, amount_usd_micros: 50_000_000 });
  });

  it("create without a payment method fails saying to add one, once", async () => {
    const groupId = await newGroup(backend);
    const refused = await checkedCreate(provider, { groupId, thresholdUsd: 10, amountUsd: 50 }).then(() => undefined, (e: Error) => e.message);
    expect(refused).toMatch(/payment_method_required: Group grp_\w+ has no payment method: add one first \(PUT \/v1\/groups\/grp_\w+\/billing\/payment_method\), then enable auto reload\.$/);
    expect(refused?.match(/add one|add a payment/gi)).toHaveLength(1);
  });

  it("read reports auto reload the backend switched off as drift in enabled", async () => {
    const groupId = await newGroup(backend);
    await backend.client.billing.setPaymentMethod(groupId, { token: "pm_card_visa" });
    const { id, outs } = await checkedCreate(provider, { groupId, thresholdUsd: 10, amountUsd: 50 });
    await declineAutoReloadsUntilOff(backend.client, groupId);
    const read = await provider.read(id, outs);
    expect(read.inputs).toMatchObject({ enabled: false });
    expect(read.props).toMatchObject({ disabledReason: "payment_failures" });
  });

  it("delete turns auto reload off and tolerates a deleted group", async () => {
    const groupId = await newGroup(backend);
    await backend.client.billing.setPaymentMethod(groupId, { token: "pm_card_visa" });
    const { id, outs } = await checkedCreate(provider, { groupId, thresholdUsd: 10, amountUsd: 50 });
    await provider.delete(id, outs);
    expect((await backend.client.billing.getAutoReload(groupId)).enabled).toBe(false);
    await backend.client.groups.delete(groupId, { force: true });
    await expect(provider.delete(id, outs)).resolves.toBeUndefined();
  });
});
