import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { Member } from "../../api";
import { randomSecret } from "../crypto";
import { assertFound, MESSAGES } from "../errors";
import type { CredentialStore } from "../store/credentials";
import type { MemberStore } from "../store/members";

/** Dependencies of {@link memberTestControlRoutes}. */
export interface MemberTestControlOptions {
  readonly members: MemberStore;
  readonly credentials: CredentialStore;
  /** The backend clock. */
  readonly now: () => Date;
}

const Params = z.object({ member_id: z.string().min(1).max(64) });
const Credential = z.object({ token: z.string() });
const hidden = { hide: true };

/**
 * Test-only controls that play the invited person's part, under `/_backend/members/{member_id}/`:
 * `accept` the invitation, let it `expire`, and get a console `credential` to call the API as that
 * member. Registered only in test mode; the management key only. Hidden from the OpenAPI document.
 */
export const memberTestControlRoutes: FastifyPluginAsyncZod<MemberTestControlOptions> = async (app, { members, credentials, now }) => {
  // The member becomes active (joined now, no expiry); accepting an active member changes nothing.
  app.post("/_backend/members/:member_id/accept", { schema: { ...hidden, params: Params, response: { 200: Member } } },
    async (request) => members.accept(request.params.member_id, now()));

  // The invitation lapses: expires_at = now - 1 ms, so it reads as `expired` from now on.
  app.post("/_backend/members/:member_id/expire", { schema: { ...hidden, params: Params, response: { 200: Member } } },
    async (request) => members.expire(request.params.member_id, now()));

  // A new bearer token of the member (shown once, stored hashed). It authorizes only while the member is
  // active, with their role at the time of each request; removing the member revokes it.
  app.post("/_backend/members/:member_id/credential", { schema: { ...hidden, params: Params, response: { 200: Credential } } },
    async (request) => {
      const { member_id: id } = request.params;
      const member = assertFound(members.find(id, now()), "member_not_found", MESSAGES.memberNotFound(id));
      const token = randomSecret("pplx-member-");
      credentials.issue(token, { kind: "member", id, groupId: member.group_id }, now().getTime());
      return { token };
    });
};
