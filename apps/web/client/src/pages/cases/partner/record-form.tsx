import { useEffect, useState, type ReactNode } from 'react';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import {
  BackLink,
  Button,
  DateInput,
  ErrorSummary,
  errorFor,
  Loading,
  NotificationBanner,
  Textarea,
} from '../../../components/govuk';
import { Page } from '../../../components/page';
import { datePartsToIso, isoToDateParts, londonToday, type DateParts } from '../../../lib/dates';
import type { FormError } from '../../../lib/errors';
import { useApiForm } from '../../../lib/use-api-form';

export interface RecordField {
  key: string;
  label: string;
  hint?: string;
}

/** A stored record as the form edits it: its id and version, and its text fields. */
export type EditableRecord = { id: string; version?: number | null } & Record<string, unknown>;

export type RecordValues = Record<string, string | null>;

const valuesOf = (fields: RecordField[], record: EditableRecord | null | undefined): Record<string, string> =>
  Object.fromEntries(
    fields.map((f) => [f.key, typeof record?.[f.key] === 'string' ? (record[f.key] as string) : '']),
  );

/**
 * One agency record's form: create when there is none yet, edit it (sending the version read)
 * when there is. Its own error summary maps the API's field errors (ids `${id}-${key}`); after a
 * conflict the page reloads the newer version, which the form then shows. `save` runs the
 * mutation; `extra` holds fields the page manages itself, checked by `validate`.
 */
export function RecordForm({
  id,
  title,
  fields,
  record,
  save,
  saved,
  extra,
  validate,
  extraFields = {},
  intro,
  submitText,
}: {
  id: string;
  title: string;
  fields: RecordField[];
  record: EditableRecord | null | undefined;
  save: (values: RecordValues, existing: EditableRecord | null) => Promise<unknown>;
  /** Called after a save (or a conflict) so the page reads the record again; gets the flash. */
  saved: (message: string | null) => Promise<unknown> | void;
  extra?: ReactNode;
  validate?: () => FormError[];
  /** The API's names of the `extra` fields, mapped to their ids. */
  extraFields?: Record<string, string>;
  intro?: ReactNode;
  submitText?: string;
}) {
  const form = useApiForm({
    ...Object.fromEntries(fields.map((f) => [f.key, `${id}-${f.key}`])),
    ...extraFields,
  });
  const [values, setValues] = useState(() => valuesOf(fields, record));
  const version = record?.version ?? null;
  // A newer version (after a save or someone else's change) replaces what the form shows.
  useEffect(() => setValues(valuesOf(fields, record)), [record?.id, version]);
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const local = validate?.() ?? [];
    const out: RecordValues = Object.fromEntries(
      fields.map((f) => [f.key, values[f.key]!.trim() ? values[f.key]!.trim() : null]),
    );
    const ok = await form.submit(local, () => save(out, record ?? null));
    if (ok) await saved(record ? `${title} updated` : `${title} saved`);
    else if (form.lastKind() === 'conflict') await saved(null);
  };
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby={`${id}-heading`} data-testid={`${id}-form`}>
      <h2 className="govuk-heading-m" id={`${id}-heading`}>
        {title}
      </h2>
      {intro}
      <ErrorSummary errors={form.errors} />
      {form.kind === 'conflict' && (
        <NotificationBanner heading="Someone else changed this record while you were editing it">
          <p className="govuk-body">This is the newer version. Make your changes again.</p>
        </NotificationBanner>
      )}
      {fields.map((f) => (
        <Textarea
          key={f.key}
          id={`${id}-${f.key}`}
          label={f.label}
          hint={f.hint}
          rows={3}
          value={values[f.key] ?? ''}
          onChange={(v) => setValues({ ...values, [f.key]: v })}
          error={errorFor(form.errors, `${id}-${f.key}`)}
        />
      ))}
      {extra}
      <Button disabled={form.busy}>
        {submitText ??
          (record ? `Save changes to the ${title.toLowerCase()}` : `Save the ${title.toLowerCase()}`)}
      </Button>
    </form>
  );
}

/** The partner pages' frame: the flash of the last save above the forms. */
export function Flash({ text }: { text: string | null }) {
  return text ? <NotificationBanner success heading={text} /> : null;
}

/** The text a shared record must not carry, said once in each field's hint. */
export const NO_LOCATION = 'Do not include the victim’s address, phone number or email';

/** The fields of the case (`case.<field>`) the API refused to this reader (FORBIDDEN on the path). */
export function refusedFields(error: unknown): Set<string> {
  const errors = CombinedGraphQLErrors.is(error) ? error.errors : [];
  return new Set(
    errors
      .filter((e) => e.path?.[0] === 'case' && typeof e.path[1] === 'string')
      .map((e) => e.path![1] as string),
  );
}

/** A partner page: back to the case, the case reference, the flash, and the forms once loaded. */
export function PartnerPage({
  caseId,
  title,
  reference,
  loading,
  flash,
  allowed,
  notAllowed,
  children,
}: {
  caseId: string;
  title: string;
  reference?: string | null;
  loading: boolean;
  flash: string | null;
  allowed: boolean;
  notAllowed: string;
  children: ReactNode;
}) {
  return (
    <>
      <BackLink to={`/cases/${caseId}`}>Back to the case</BackLink>
      <Page title={title} caption={reference ? `Case ${reference}` : undefined}>
        <Flash text={flash} />
        {loading ? (
          <Loading what="records" />
        ) : allowed ? (
          children
        ) : (
          <p className="govuk-body">{notAllowed}</p>
        )}
      </Page>
    </>
  );
}

/** The save of a one-per-case record: create it when there is none, else update the version read. */
export function createOrUpdate(
  caseId: string,
  create: (input: { caseId: string }, values: RecordValues) => Promise<unknown>,
  update: (input: { id: string; expectedVersion: number }, values: RecordValues) => Promise<unknown>,
) {
  return (values: RecordValues, existing: EditableRecord | null) =>
    existing
      ? update({ id: existing.id, expectedVersion: existing.version ?? 0 }, values)
      : create({ caseId }, values);
}

/**
 * A new dated record (clinical, advocacy): the date it was written (today unless changed), then
 * the record's fields; `create` gets them with the date as YYYY-MM-DD.
 */
export function NewDatedRecord({
  id,
  what,
  fields,
  create,
  saved,
}: {
  id: string;
  what: string;
  fields: RecordField[];
  create: (values: RecordValues & { recordedOn: string }) => Promise<unknown>;
  saved: (message: string | null) => Promise<unknown>;
}) {
  const [on, setOn] = useState<DateParts>(isoToDateParts(londonToday()));
  const [errors, setErrors] = useState<FormError[]>([]);
  const dateId = `${id}-recorded-on`;
  const checked = () => datePartsToIso(on, 'the date of the record');
  return (
    <RecordForm
      id={id}
      title={`New ${what}`}
      submitText={`Save the ${what}`}
      fields={fields}
      record={null}
      extraFields={{ recordedOn: dateId }}
      validate={() => {
        const d = checked();
        const list = d.error ? [{ field: dateId, message: d.error }] : [];
        setErrors(list);
        return list;
      }}
      extra={
        <DateInput
          id={dateId}
          label="Date of the record"
          value={on}
          onChange={setOn}
          error={errorFor(errors, dateId)}
        />
      }
      saved={(m) => saved(m && `${what.charAt(0).toUpperCase()}${what.slice(1)} saved`)}
      save={(values) => create({ ...values, recordedOn: checked().value! })}
    />
  );
}
