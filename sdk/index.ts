/**
 * pulumi-perplexity: the Perplexity API Portal as Pulumi resources. Configure the provider with
 * `perplexity:apiKey` (secret) and `perplexity:baseUrl`, or the `PERPLEXITY_API_KEY` and
 * `PERPLEXITY_BASE_URL` environment variables.
 */
export { Group, type GroupArgs, type AddressArgs } from "./group";
export { Member, type MemberArgs } from "./member";
export { ApiKey, type ApiKeyArgs } from "./api-key";
export { AutoReloadPolicy, type AutoReloadPolicyArgs } from "./auto-reload-policy";
export type { TaxIdType } from "../api/fields";
