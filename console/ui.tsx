import type { ComponentChildren, JSX } from "preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import type { Page as ListPage } from "../api";
import { ApiError } from "./http";

/** What {@link useLoad} returns: the data once loaded, the error if loading failed, and how to load again. */
export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  reload(): void;
}

/** Runs `load` on mount and whenever `deps` change; a newer load wins over an older one still in flight. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown }>({});
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    load().then((data) => current && setState({ data }), (error: unknown) => current && setState({ error }));
    return () => void (current = false);
  }, [...deps, round]);
  return { data: state.data, error: state.error, reload: useCallback(() => setRound((r) => r + 1), []) };
}

/** The message to show for a failed call. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Splits a failed call's error between a form's fields: the API's `param` (e.g. `address.city`) picks the
 * field it names; anything else is the form's own error.
 */
export function splitError(error: unknown, fields: readonly string[]): { field: Record<string, string>; form?: string } {
  if (error === undefined) return { field: {} };
  if (error instanceof ApiError && error.param !== undefined && fields.includes(error.param)) return { field: { [error.param]: error.message } };
  return { field: {}, form: messageOf(error) };
}

/**
 * A form's submit handler: runs `call`, then shows the message it resolves with (if any) and calls `onDone`,
 * or keeps the API's error for the field its `param` names among `fields` (else for the whole form).
 */
export function useSubmit(fields: readonly string[], call: () => Promise<string | undefined>, onDone: () => void = () => undefined) {
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string | undefined>();
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    setDone(undefined);
    try {
      setDone(await call());
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return { submit, errors: splitError(error, fields), done };
}

/** An error (or success) line announced to screen readers. */
export function Alert({ error, children }: { error?: unknown; children?: ComponentChildren }) {
  if (error === undefined && children === undefined) return null;
  return <p role="alert" class={error === undefined ? "notice" : "error"}>{error === undefined ? children : messageOf(error)}</p>;
}

/** Properties of {@link Field}. */
export interface FieldProps {
  /** The visible label, which also names the control for assistive technology. */
  readonly label: string;
  /** The form field's name; its API `param` picks the error shown under it. */
  readonly name: string;
  /** Optional; default `f-<name>`. Set it when two forms on a page have a field of the same name. */
  readonly id?: string;
  readonly value: string;
  readonly onInput: (value: string) => void;
  readonly error?: string | undefined;
  /** Optional; default `text`. */
  readonly type?: string;
  readonly required?: boolean;
  readonly readOnly?: boolean;
  /** Optional; the browser's autofill hint, e.g. `off` for a credential that must not be remembered. */
  readonly autoComplete?: string;
  readonly inputMode?: JSX.HTMLAttributes["inputMode"];
}

/** A labelled input with its error under it, tied together with aria-describedby. */
export function Field(p: FieldProps) {
  const id = p.id ?? `f-${p.name.replace(/[^a-z0-9]+/gi, "-")}`;
  return (
    <div class="field">
      <label for={id}>{p.label}</label>
      <input id={id} name={p.name} type={p.type ?? "text"} value={p.value} required={p.required} readOnly={p.readOnly} autoComplete={p.autoComplete}
        inputMode={p.inputMode} aria-invalid={p.error !== undefined} aria-describedby={p.error === undefined ? undefined : `${id}-error`}
        onInput={(e) => p.onInput((e.target as HTMLInputElement).value)} />
      {p.error !== undefined && <span id={`${id}-error`} class="field-error" role="alert">{p.error}</span>}
    </div>
  );
}

/** A page's heading and body; `loading` until its first data arrives. */
export function Page({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>{title}</h1>
      {children}
    </section>
  );
}

/** Where a cursor-paged list is: the `after` cursors walked so far, so Previous can go back (see {@link usePages}). */
export interface Pages {
  /** `after` for the page shown (the previous page's `next_cursor`); undefined on the first page. */
  readonly after: string | undefined;
  /** Moves to the page after `cursor` (a `next_cursor`). */
  next(cursor: string): void;
  /** Moves back one page; does nothing on the first. */
  previous(): void;
  /** Back to the first page, e.g. when a filter changes what the list holds. */
  reset(): void;
}

/** Pages through a list whose API pages forward only (`after` = `next_cursor`); starts on the first page. */
export function usePages(): Pages {
  const [trail, setTrail] = useState<readonly string[]>([]);
  return {
    after: trail.at(-1),
    next: useCallback((cursor: string) => setTrail((t) => [...t, cursor]), []),
    previous: useCallback(() => setTrail((t) => t.slice(0, -1)), []),
    reset: useCallback(() => setTrail([]), []),
  };
}

/**
 * Previous and Next for a list paged by {@link usePages}, over `shown`, the page shown (undefined while it loads).
 * A page emptied by the user's own removals (the last key on the last page revoked) steps back to the one before.
 */
export function Pager({ label, pages, shown }: { label: string; pages: Pages; shown: ListPage<unknown> | undefined }) {
  const emptied = shown !== undefined && shown.data.length === 0 && pages.after !== undefined;
  useEffect(() => void (emptied && pages.previous()), [emptied, pages.previous]);
  const nextCursor = shown?.next_cursor;
  return (
    <nav aria-label={label} class="pager">
      <button type="button" disabled={pages.after === undefined} onClick={pages.previous}>Previous</button>
      <button type="button" disabled={!nextCursor} onClick={() => nextCursor && pages.next(nextCursor)}>Next</button>
    </nav>
  );
}
