import { useLayoutEffect, useRef, useState } from "preact/hooks";
import { MAX_PAGE_SIZE, ApiKey, ApiKeyList, CreatedApiKey, type ApiKey as ApiKeyT } from "../../api";
import { api, withQuery } from "../http";
import { day } from "../format";
import { Alert, Field, Page, Pager, useLoad, usePages, useSubmit } from "../ui";
import type { PageProps } from ".";

/**
 * API keys, 100 to a page: name, hint and creation date; Admins create keys (the token is shown once, only in this
 * component's memory, never stored) and revoke them after confirming.
 */
export function ApiKeysPage({ groupId, canEdit }: PageProps) {
  const base = `/v1/groups/${groupId}/api_keys`;
  const pages = usePages();
  const list = useLoad(() => api(ApiKeyList, "GET", withQuery(base, { limit: MAX_PAGE_SIZE, after: pages.after })), [groupId, pages.after]);
  const [created, setCreated] = useState<{ name: string; token: string } | undefined>();
  const [confirming, setConfirming] = useState<ApiKeyT | undefined>();
  const [outcome, setOutcome] = useState<{ error?: unknown; text?: string }>({});
  const revoke = async (key: ApiKeyT) => {
    setConfirming(undefined);
    try {
      await api(ApiKey, "DELETE", `${base}/${key.id}`);
      setOutcome({ text: `Revoked ${key.name} (${key.token_hint}).` });
    } catch (error) {
      setOutcome({ error });
    }
    list.reload();
  };
  return (
    <Page title="API keys">
      {canEdit && created === undefined && <CreateForm base={base} onCreated={(k) => { setCreated({ name: k.name, token: k.token }); list.reload(); }} />}
      {created !== undefined && <TokenOnce {...created} onClose={() => setCreated(undefined)} />}
      {confirming !== undefined && <ConfirmRevoke apiKey={confirming} onRevoke={() => revoke(confirming)} onCancel={() => setConfirming(undefined)} />}
      <Alert error={outcome.error ?? list.error}>{outcome.text}</Alert>
      <table>
        <caption>Active API keys</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Key</th><th scope="col">Created</th>{canEdit && <th scope="col">Actions</th>}</tr></thead>
        <tbody>
          {list.data?.data.map((k) => (
            <tr key={k.id}>
              <td>{k.name}</td><td><code>{k.token_hint}</code></td><td>{day(k.created_at)}</td>
              {canEdit && <td><button type="button" aria-label={`Revoke ${k.name}`} onClick={() => setConfirming(k)}>Revoke</button></td>}
            </tr>
          ))}
        </tbody>
      </table>
      <Pager label="API key pages" pages={pages} shown={list.data} />
    </Page>
  );
}

/** Asks before revoking; focus starts on Cancel, so a stray Enter does not revoke. */
function ConfirmRevoke({ apiKey, onRevoke, onCancel }: { apiKey: ApiKeyT; onRevoke: () => void; onCancel: () => void }) {
  const cancel = useRef<HTMLButtonElement>(null);
  // Before paint, not after: with useEffect the dialog showed for a frame with focus still on the button
  // that opened it, and a quick Enter there (or the browser test reading focus) saw that.
  useLayoutEffect(() => cancel.current?.focus(), []);
  return (
    <div role="alertdialog" aria-labelledby="revoke-title" class="confirm">
      <p id="revoke-title">Revoke {apiKey.name} ({apiKey.token_hint})? Requests with it fail from now on; this cannot be undone.</p>
      <button type="button" onClick={onRevoke}>Revoke key</button>
      <button type="button" ref={cancel} onClick={onCancel}>Cancel</button>
    </div>
  );
}

function CreateForm({ base, onCreated }: { base: string; onCreated: (k: CreatedApiKey) => void }) {
  const [name, setName] = useState("");
  const { submit, errors } = useSubmit(["name"], async () => {
    onCreated(await api(CreatedApiKey, "POST", base, name.trim() === "" ? {} : { name: name.trim() }));
    setName("");
    return undefined;
  });
  return (
    <form onSubmit={submit} aria-label="Create an API key" class="inline">
      <Field label="Key name" name="name" value={name} onInput={setName} error={errors.field.name} />
      <button type="submit">Create key</button>
      {errors.form !== undefined && <Alert error={errors.form} />}
    </form>
  );
}

/** The one time a token is shown: copy it now; closing (or reloading) forgets it for good. */
function TokenOnce({ name, token, onClose }: { name: string; token: string; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  // Keyboard and screen-reader users land on the token (selected, ready to copy); before paint, like Cancel above.
  const field = useRef<HTMLInputElement>(null);
  useLayoutEffect(() => field.current?.focus(), []);
  return (
    <div role="dialog" aria-labelledby="token-title" class="token-once">
      <h2 id="token-title">Copy the token of {name} now</h2>
      <p>It is shown only once: after you close this, only its hint remains.</p>
      <label for="new-token">New API key token</label>
      <input id="new-token" ref={field} readOnly value={token} onFocus={(e) => (e.target as HTMLInputElement).select()} />
      <button type="button" onClick={() => navigator.clipboard.writeText(token).then(() => setCopied(true))}>Copy</button>
      <button type="button" onClick={onClose}>Done</button>
      {copied && <Alert>Copied to the clipboard.</Alert>}
    </div>
  );
}
