import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { Caller, GroupList, MAX_PAGE_SIZE, type Caller as CallerT } from "../api";
import { api, CREDENTIAL_REJECTED, withQuery } from "./http";
import { PAGES, type PageName } from "./pages";
import { clearToken, readToken, saveToken } from "./session";
import { Alert, Field, useLoad } from "./ui";

/** Where the console is: `#/<group id>/<page>`. The credential never appears here. */
function readLocation(): { groupId?: string; page: PageName } {
  const [, groupId, page] = location.hash.split("/");
  const known = PAGES.find((p) => p.name === page);
  return { ...(groupId ? { groupId } : {}), page: known ? known.name : "settings" };
}

/** The console: sign-in, then a group's pages with a group picker when the credential sees several groups. */
export function App() {
  const [caller, setCaller] = useState<CallerT | undefined>();
  const [checking, setChecking] = useState(readToken() !== undefined);
  const [notice, setNotice] = useState<string | undefined>();
  // A credential revoked while its tab is open: the next call's 401 signs out, saying why. Only once signed
  // in: the sign-in form reports a wrong credential itself.
  const signedIn = useRef(false);
  signedIn.current = caller !== undefined;
  useEffect(() => {
    const onRejected = () => {
      if (!signedIn.current) return;
      setCaller(undefined);
      setNotice("The API no longer accepts this credential (revoked or rotated): sign in again.");
    };
    addEventListener(CREDENTIAL_REJECTED, onRejected);
    return () => removeEventListener(CREDENTIAL_REJECTED, onRejected);
  }, []);
  useEffect(() => {
    if (!checking) return;
    api(Caller, "GET", "/v1/me").then(setCaller, () => clearToken()).finally(() => setChecking(false));
  }, [checking]);
  if (checking) return <p aria-busy="true">Loading…</p>;
  if (caller === undefined) return <SignIn notice={notice} onSignedIn={(c) => { setNotice(undefined); setCaller(c); }} />;
  return <Console caller={caller} onSignOut={() => { clearToken(); setCaller(undefined); }} />;
}

function SignIn({ notice, onSignedIn }: { notice: string | undefined; onSignedIn: (caller: CallerT) => void }) {
  const [token, setToken] = useState("");
  const [error, setError] = useState<string | undefined>();
  const submit = async (e: Event) => {
    e.preventDefault();
    saveToken(token.trim());
    try {
      onSignedIn(await api(Caller, "GET", "/v1/me"));
    } catch (err) {
      clearToken();
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <main class="sign-in">
      <h1>Perplexity API console</h1>
      {notice !== undefined && <Alert error={notice} />}
      <form onSubmit={submit} aria-label="Sign in">
        <Field label="Management key or member credential" name="token" type="password" value={token} onInput={setToken} error={error} autoComplete="off" required />
        <button type="submit">Sign in</button>
      </form>
      <p class="hint">Kept in this tab's session storage only; closing the tab signs you out.</p>
    </main>
  );
}

/** Every group the management key sees, page by page (a platform team with a group per branch has hundreds). */
async function everyGroup(): Promise<{ id: string; name: string }[]> {
  const groups: { id: string; name: string }[] = [];
  let after: string | undefined;
  do {
    const page = await api(GroupList, "GET", withQuery("/v1/groups", { limit: MAX_PAGE_SIZE, after }));
    groups.push(...page.data.map((g) => ({ id: g.id, name: g.name })));
    after = page.next_cursor ?? undefined;
  } while (after !== undefined);
  return groups;
}

function Console({ caller, onSignOut }: { caller: CallerT; onSignOut: () => void }) {
  const [where, setWhere] = useState(readLocation);
  useEffect(() => {
    const onHash = () => setWhere(readLocation());
    addEventListener("hashchange", onHash);
    return () => removeEventListener("hashchange", onHash);
  }, []);
  const groups = useLoad(async () => (caller.group_id !== null ? [{ id: caller.group_id, name: caller.group_id }] : everyGroup()), [caller]);
  const groupId = where.groupId ?? groups.data?.[0]?.id;
  const page = PAGES.find((p) => p.name === where.page) ?? PAGES[0];
  // Move focus to the new page's heading so keyboard and screen-reader users land on it, before paint
  // (after it, a keypress in that frame would still go to the link that was clicked).
  useLayoutEffect(() => document.getElementById("page-title")?.focus(), [where.page, groupId]);
  const who = caller.member ? `${caller.member.email} (${caller.role})` : "management key (admin)";
  return (
    <div class="console">
      <header>
        <strong>Perplexity API console</strong>
        {groups.data !== undefined && groups.data.length > 1 && (
          <span>
            <label for="group-picker">Group</label>{" "}
            <select id="group-picker" value={groupId} onChange={(e) => (location.hash = `#/${(e.target as HTMLSelectElement).value}/${where.page}`)}>
              {groups.data.map((g) => <option value={g.id}>{g.name} ({g.id})</option>)}
            </select>
          </span>
        )}
        <span class="who">Signed in as {who}</span>
        <button type="button" onClick={onSignOut}>Sign out</button>
      </header>
      {groupId !== undefined && (
        <nav aria-label="Pages">
          <ul>{PAGES.map((p) => <li><a href={`#/${groupId}/${p.name}`} aria-current={p === page ? "page" : undefined}>{p.title}</a></li>)}</ul>
        </nav>
      )}
      <main>
        <Alert error={groups.error} />
        {groups.data !== undefined && groupId === undefined && <p>No groups yet: create one with <code>pulumi up</code>.</p>}
        {groupId !== undefined && page !== undefined && <page.component key={`${groupId}/${page.name}`} groupId={groupId} canEdit={caller.role === "admin"} />}
      </main>
    </div>
  );
}
