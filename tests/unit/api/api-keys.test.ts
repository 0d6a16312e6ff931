import { ApiKeyToken, CreateApiKeyRequest, GenerateAuthTokenRequest, GenerateAuthTokenResponse, ListApiKeysQuery, tokenHint } from "../../../api";

const TOKEN = `pplx-${"Ab3".repeat(16)}`;

describe("API key contract", () => {
  it("accepts pplx- tokens of exactly 48 letters and digits", () => {
    expect(ApiKeyToken.safeParse(TOKEN).success).toBe(true);
    expect(ApiKeyToken.safeParse(TOKEN.slice(0, -1)).success).toBe(false);
    expect(ApiKeyToken.safeParse(`${TOKEN.slice(0, -1)}_`).success).toBe(false);
  });

  it("hints a token by pplx-… and its last 4 characters", () => {
    expect(tokenHint(TOKEN)).toBe("pplx-…3Ab3");
  });

  it("makes the create body optional in every field but strict about unknown ones", () => {
    expect(CreateApiKeyRequest.parse({})).toEqual({});
    expect(CreateApiKeyRequest.safeParse({ nmae: "typo" }).success).toBe(false);
    expect(GenerateAuthTokenRequest.parse({})).toEqual({});
  });

  it("lists active keys unless another status is asked for", () => {
    expect(ListApiKeysQuery.parse({})).toEqual({ limit: 20, status: "active" });
    expect(ListApiKeysQuery.safeParse({ status: "deleted" }).success).toBe(false);
  });

  it("describes the documented generate response with an integer epoch-seconds timestamp", () => {
    const body = { auth_token: TOKEN, created_at_epoch_seconds: 1735689600, token_name: "Production API Key" };
    expect(GenerateAuthTokenResponse.parse(body)).toEqual(body);
    expect(GenerateAuthTokenResponse.safeParse({ ...body, created_at_epoch_seconds: 1735689600.5 }).success).toBe(false);
  });
});
