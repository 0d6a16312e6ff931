import { BackendError, MESSAGES } from "../errors";
import type { Principal } from "../store/credentials";

/** What a route needs: `read` (view settings, usage, billing) or `admin` (change anything). */
export type Access = "read" | "admin";

/** Looks up a member's current role; `undefined` once the member is gone. */
export type RoleOf = (memberId: string) => "admin" | "member" | undefined;

/**
 * Checks that `principal` may act on `groupId` with `access`, following the portal's roles: the
 * management key may do everything; an Admin member may do everything in their own group; a Member may
 * only read; API keys authenticate API calls, not the management API. A member of another group gets
 * 404 (as if the group did not exist), so ids of other organisations' groups are not confirmed.
 * @throws BackendError 401 `unauthenticated`, 403 `forbidden` or 404 `group_not_found`.
 */
export function authorizeGroup(principal: Principal | undefined, groupId: string, access: Access, roleOf: RoleOf): void {
  if (principal === undefined) throw new BackendError("unauthenticated", MESSAGES.missingAuth);
  if (principal.kind === "admin") return;
  if (principal.kind === "api_key") throw new BackendError("forbidden", MESSAGES.apiKeyNotForManagement);
  if (principal.groupId !== groupId) throw new BackendError("group_not_found", MESSAGES.groupNotFound(groupId));
  const role = roleOf(principal.id);
  if (role === undefined) throw new BackendError("unauthenticated", MESSAGES.invalidAuth);
  if (access === "admin" && role !== "admin") throw new BackendError("forbidden", MESSAGES.needsAdmin);
}

/**
 * Checks that `principal` may use the management API across groups (create and list groups): only the
 * management key may.
 */
export function authorizeOrganisation(principal: Principal | undefined): void {
  if (principal === undefined) throw new BackendError("unauthenticated", MESSAGES.missingAuth);
  if (principal.kind === "api_key") throw new BackendError("forbidden", MESSAGES.apiKeyNotForManagement);
  if (principal.kind !== "admin") throw new BackendError("forbidden", MESSAGES.needsManagementKey);
}
