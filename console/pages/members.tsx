import { useState } from "preact/hooks";
import { MAX_PAGE_SIZE, DeletedMember, Member, MemberList, type Member as MemberT, type MemberRole } from "../../api";
import { api, withQuery } from "../http";
import { day } from "../format";
import { Alert, Field, Page, Pager, useLoad, usePages, useSubmit } from "../ui";
import type { PageProps } from ".";

/** Members, 100 to a page: filter by role; Admins invite, change roles, remove and re-send invitations. */
export function MembersPage({ groupId, canEdit }: PageProps) {
  const [role, setRole] = useState<"" | MemberRole>("");
  const base = `/v1/groups/${groupId}/members`;
  const pages = usePages();
  const list = useLoad(() => api(MemberList, "GET", withQuery(base, { limit: MAX_PAGE_SIZE, role: role === "" ? undefined : role, after: pages.after })), [groupId, role, pages.after]);
  // One outcome line for the row actions: the API's message (e.g. the last_admin refusal) or what happened.
  const [outcome, setOutcome] = useState<{ error?: unknown; text?: string }>({});
  const act = async (text: string, call: () => Promise<unknown>) => {
    setOutcome({});
    try {
      await call();
      setOutcome({ text });
    } catch (error) {
      setOutcome({ error });
    }
    list.reload();
  };
  return (
    <Page title="Members">
      {canEdit && <InviteForm groupId={groupId} onInvited={(m) => { setOutcome({ text: `Invited ${m.email}.` }); list.reload(); }} />}
      <div class="field">
        <label for="role-filter">Filter by role</label>
        <select id="role-filter" value={role} onChange={(e) => { pages.reset(); setRole((e.target as HTMLSelectElement).value as "" | MemberRole); }}>
          <option value="">All roles</option><option value="admin">Admin</option><option value="member">Member</option>
        </select>
      </div>
      <Alert error={outcome.error ?? list.error}>{outcome.text}</Alert>
      <table>
        <caption>Members and invitations</caption>
        <thead><tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col">Invited</th><th scope="col">Joined</th>{canEdit && <th scope="col">Actions</th>}</tr></thead>
        <tbody>
          {list.data?.data.map((m: MemberT) => (
            <tr key={m.id}>
              <td>{m.email}</td>
              <td>{canEdit ? (
                <select aria-label={`Role of ${m.email}`} value={m.role}
                  onChange={(e) => { const to = (e.target as HTMLSelectElement).value as MemberRole; void act(`${m.email} is now ${to}.`, () => api(Member, "PATCH", `${base}/${m.id}`, { role: to })); }}>
                  <option value="admin">Admin</option><option value="member">Member</option>
                </select>) : m.role}</td>
              <td>{m.status}</td>
              <td>{day(m.invited_at)}</td>
              <td>{day(m.joined_at)}</td>
              {canEdit && (
                <td>
                  {m.status !== "active" && <button type="button" aria-label={`Resend invitation to ${m.email}`} onClick={() => act(`Invitation re-sent to ${m.email}.`, () => api(Member, "POST", `${base}/${m.id}/resend`))}>Resend</button>}
                  <button type="button" aria-label={`Remove ${m.email}`} onClick={() => act(`Removed ${m.email}.`, () => api(DeletedMember, "DELETE", `${base}/${m.id}`))}>Remove</button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <Pager label="Member pages" pages={pages} shown={list.data} />
    </Page>
  );
}

function InviteForm({ groupId, onInvited }: { groupId: string; onInvited: (m: MemberT) => void }) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<MemberRole>("member");
  const { submit, errors } = useSubmit(["email", "role"], async () => {
    onInvited(await api(Member, "POST", `/v1/groups/${groupId}/members`, { email, role }));
    setEmail("");
    return undefined;
  });
  return (
    <form onSubmit={submit} aria-label="Invite a member" class="inline">
      <Field label="Email" name="email" type="email" value={email} onInput={setEmail} error={errors.field.email} required />
      <div class="field">
        <label for="invite-role">Role</label>
        <select id="invite-role" value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value as MemberRole)}>
          <option value="member">Member</option><option value="admin">Admin</option>
        </select>
      </div>
      <button type="submit">Invite</button>
      {errors.form !== undefined && <Alert error={errors.form} />}
    </form>
  );
}
