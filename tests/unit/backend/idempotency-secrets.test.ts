import { createSecretSealer } from "../../../backend/plugins/idempotency-secrets";

const TOKEN = `pplx-${"a1B2".repeat(12)}`;
const created = JSON.stringify({ object: "api_key", id: "key_0123456789abcdefghijklmn", name: "CI", token: TOKEN });
const generated = JSON.stringify({ auth_token: TOKEN, created_at_epoch_seconds: 1_767_225_600, token_name: "Prod" });

describe("secret sealer for idempotency records", () => {
  it("encrypts token and auth_token fields and opens them again to the same bytes", () => {
    const sealer = createSecretSealer();
    for (const body of [created, generated]) {
      const sealed = sealer.seal(body);
      expect(sealed).not.toContain(TOKEN);
      expect(sealed).not.toContain(TOKEN.slice(5));
      expect(sealed).toMatch(/"sealed:v1:[A-Za-z0-9_-]+"/);
      expect(sealer.open(sealed)).toBe(body);
    }
  });

  it("seals each body with a fresh IV, so equal tokens do not look equal", () => {
    const sealer = createSecretSealer();
    expect(sealer.seal(created)).not.toBe(sealer.seal(created));
  });

  it("leaves bodies without secret fields byte for byte unchanged", () => {
    const sealer = createSecretSealer();
    for (const body of ['{"object":"group","id":"grp_x","name":"token"}', "", "null", "[1,2]", "not json \"token\""]) {
      expect(sealer.seal(body)).toBe(body);
      expect(sealer.open(body)).toBe(body);
    }
  });

  it("refuses with 409 idempotency_replay_unavailable a body sealed by another process, naming the key but not the token", () => {
    const sealed = createSecretSealer().seal(created);
    const open = () => createSecretSealer().open(sealed);
    expect(open).toThrow(expect.objectContaining({ code: "idempotency_replay_unavailable", statusCode: 409, message: expect.stringContaining("key_0123456789abcdefghijklmn") }));
    const sealedGenerate = createSecretSealer().seal(generated);
    expect(() => createSecretSealer().open(sealedGenerate)).toThrow(expect.objectContaining({ message: expect.stringContaining('named "Prod"') }));
  });
});
