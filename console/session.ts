/**
 * The signed-in credential lives in sessionStorage only: per tab, gone when the tab closes, never in the URL
 * or a cookie (so no other origin's script can send it). It is the only secret the console keeps.
 */
const KEY = "pulumi-perplexity.console.token";

/** The credential of this tab's session, or undefined when signed out. */
export function readToken(): string | undefined {
  return sessionStorage.getItem(KEY) ?? undefined;
}

/** Keeps `token` for this tab's session. */
export function saveToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}

/** Forgets the credential (sign out). */
export function clearToken(): void {
  sessionStorage.removeItem(KEY);
}
