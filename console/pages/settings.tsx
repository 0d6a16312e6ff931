import { useState } from "preact/hooks";
import { Group, type Group as GroupT, type UpdateGroupRequest } from "../../api";
import { api } from "../http";
import { Alert, Field, Page, useLoad, useSubmit } from "../ui";
import type { PageProps } from ".";

/** The form's fields by their API `param`: an error naming one shows under it. */
const FIELDS = [
  ["name", "Name"], ["address.line1", "Address line 1"], ["address.line2", "Address line 2"], ["address.city", "City"],
  ["address.state", "State or region"], ["address.postal_code", "Postal code"], ["address.country", "Country (ISO code, e.g. US)"],
  ["tax_id.type", "Tax id type (e.g. us_ein)"], ["tax_id.value", "Tax id"],
] as const;
type FieldName = (typeof FIELDS)[number][0];

function toForm(g: GroupT): Record<FieldName, string> {
  return {
    name: g.name, "address.line1": g.address.line1, "address.line2": g.address.line2 ?? "", "address.city": g.address.city,
    "address.state": g.address.state ?? "", "address.postal_code": g.address.postal_code, "address.country": g.address.country,
    "tax_id.type": g.tax_id?.type ?? "", "tax_id.value": g.tax_id?.value ?? "",
  };
}

function toRequest(f: Record<FieldName, string>): UpdateGroupRequest {
  const optional = (v: string) => (v.trim() === "" ? {} : { value: v.trim() });
  const line2 = optional(f["address.line2"]);
  const state = optional(f["address.state"]);
  const hasTax = f["tax_id.type"].trim() !== "" || f["tax_id.value"].trim() !== "";
  return {
    name: f.name,
    address: {
      line1: f["address.line1"], city: f["address.city"], postal_code: f["address.postal_code"], country: f["address.country"],
      ...("value" in line2 ? { line2: line2.value } : {}), ...("value" in state ? { state: state.value } : {}),
    },
    // The contract validates the pair; a half-filled tax id is sent as typed so the API names the field.
    tax_id: hasTax ? ({ type: f["tax_id.type"].trim(), value: f["tax_id.value"].trim() } as UpdateGroupRequest["tax_id"]) : null,
  };
}

/** Settings: the group's name, billing address and tax id; Admins edit and save them through `PATCH /v1/groups/{id}`. */
export function SettingsPage({ groupId, canEdit }: PageProps) {
  const group = useLoad(() => api(Group, "GET", `/v1/groups/${groupId}`), [groupId]);
  const [form, setForm] = useState<Record<FieldName, string> | undefined>();
  const current = form ?? (group.data ? toForm(group.data) : undefined);
  const { submit, errors, done } = useSubmit(FIELDS.map(([n]) => n), async () => {
    if (current === undefined) return undefined;
    const updated = await api(Group, "PATCH", `/v1/groups/${groupId}`, toRequest(current));
    setForm(toForm(updated));
    return `Saved at ${updated.updated_at}.`;
  });
  return (
    <Page title="Settings">
      <Alert error={group.error} />
      {group.data && current && (
        <form onSubmit={submit} aria-label="Group settings">
          <p>Group <code>{group.data.id}</code>, {group.data.tier.replace("_", " ")}, created {group.data.created_at.slice(0, 10)}.</p>
          {FIELDS.map(([name, label]) => (
            <Field key={name} label={label} name={name} value={current[name]} readOnly={!canEdit} error={errors.field[name]}
              onInput={(v) => setForm({ ...current, [name]: v })} />
          ))}
          {errors.form !== undefined && <Alert error={errors.form} />}
          {done !== undefined && <Alert>{done}</Alert>}
          {canEdit ? <button type="submit">Save</button> : <p class="hint">Members can view settings; only Admins can change them.</p>}
        </form>
      )}
    </Page>
  );
}
