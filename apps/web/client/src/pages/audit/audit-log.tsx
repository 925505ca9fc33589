import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { graphql } from '../../generated';
import type { AuditEventFilter } from '../../generated/graphql';
import {
  Button,
  DateInput,
  Empty,
  ErrorSummary,
  errorFor,
  Loading,
  Pager,
  Select,
  Table,
  TextInput,
} from '../../components/govuk';
import { WidePage } from '../../components/page';
import { AUDIT_ACTION_OPTIONS, actionText, CATEGORY_OPTIONS, categoryText } from '../../lib/categories';
import {
  datePartsToIso,
  formatDateTime,
  isoToDateParts,
  londonDateTimeToIso,
  type DateParts,
} from '../../lib/dates';
import type { FormError } from '../../lib/errors';

const AUDIT_LOG = graphql(`
  query AuditLog($filter: AuditEventFilter, $after: String) {
    auditEvents(filter: $filter, first: 25, after: $after) {
      nodes {
        id
        occurredAt
        actorId
        action
        entityType
        caseId
        categories
        purpose
        recipients
      }
      endCursor
      hasNextPage
    }
  }
`);

const EXPORT_AUDIT = graphql(`
  mutation ExportAuditEvents($filter: AuditEventFilter) {
    exportAuditEvents(filter: $filter) {
      csv
      rowCount
      truncated
    }
  }
`);

/** Saves text as a file through the browser's own download (no server round trip, no storage). */
function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

const PEOPLE = graphql(`
  query AuditPeople {
    users(first: 100) {
      nodes {
        id
        displayName
      }
    }
  }
`);

/** One-click views of what a DPO looks at most. */
const VIEWS: { action: string; text: string }[] = [
  { action: 'ACCESS_DENIED', text: 'Refused access' },
  { action: 'BREAK_GLASS', text: 'Break-glass' },
  { action: 'EXPORT', text: 'Downloads and exports' },
  { action: 'DISCLOSURE', text: 'Disclosures' },
  { action: 'ROLE_CHANGE', text: 'Role changes' },
  { action: 'LOGIN', text: 'Sign-ins' },
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMPTY_DATE: DateParts = { day: '', month: '', year: '' };
const blank = (d: DateParts) => !d.day.trim() && !d.month.trim() && !d.year.trim();

/** The filter the address holds (so a view can be bookmarked and the back button works). */
function filterOf(params: URLSearchParams): AuditEventFilter {
  const f: AuditEventFilter = {};
  for (const key of ['caseId', 'actorId', 'category', 'action', 'since', 'until'] as const) {
    const v = params.get(key);
    if (v) f[key] = v;
  }
  return f;
}

/**
 * The data protection officer's audit workspace: the audit log of their agency's users and data
 * (newest first), filtered by case, person, data category, action and dates, with one-click views
 * of refusals, break-glass, exports, disclosures, role changes and sign-ins. Every event names
 * categories and ids, never the data itself (docs/audit.md).
 */
export function AuditLogPage() {
  const [params, setParams] = useSearchParams();
  const filter = filterOf(params);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const { data, loading, error } = useQuery(AUDIT_LOG, {
    variables: { filter, after: cursors[cursors.length - 1] },
  });
  const people = useQuery(PEOPLE);
  const names = new Map((people.data?.users.nodes ?? []).map((u) => [u.id, u.displayName]));

  const [caseId, setCaseId] = useState(String(filter.caseId ?? ''));
  const [actorId, setActorId] = useState(String(filter.actorId ?? ''));
  const [category, setCategory] = useState(filter.category ?? '');
  const [action, setAction] = useState(filter.action ?? '');
  const [since, setSince] = useState<DateParts>(
    filter.since ? isoToDateParts(filter.since.slice(0, 10)) : EMPTY_DATE,
  );
  const [until, setUntil] = useState<DateParts>(
    filter.until ? isoToDateParts(filter.until.slice(0, 10)) : EMPTY_DATE,
  );
  const [errors, setErrors] = useState<FormError[]>([]);
  const [exportAudit, exporting] = useMutation(EXPORT_AUDIT);
  const [exported, setExported] = useState<{ rows: number; truncated: boolean } | null>(null);
  const onExport = async () => {
    setExported(null);
    const res = await exportAudit({ variables: { filter } }).catch(() => null);
    const out = res?.data?.exportAuditEvents;
    if (!out) {
      setErrors([{ field: 'export', message: 'The export could not be made. Try again later.' }]);
      return;
    }
    setErrors([]);
    download(`audit-events-${new Date().toISOString().slice(0, 10)}.csv`, out.csv, 'text/csv;charset=utf-8');
    setExported({ rows: out.rowCount, truncated: out.truncated });
  };

  const apply = (next: AuditEventFilter) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(next)) if (v) p.set(k, String(v));
    setCursors([null]);
    setParams(p);
  };
  const onFilter = (e: React.FormEvent) => {
    e.preventDefault();
    const problems: FormError[] = [];
    if (caseId.trim() && !UUID.test(caseId.trim()))
      problems.push({ field: 'case-id', message: 'Enter the case ID as it appears in an audit event' });
    const from = blank(since) ? {} : datePartsToIso(since, 'the first day');
    const to = blank(until) ? {} : datePartsToIso(until, 'the last day');
    if (from.error) problems.push({ field: 'since', message: from.error });
    if (to.error) problems.push({ field: 'until', message: to.error });
    if (from.value && to.value && to.value < from.value)
      problems.push({ field: 'until', message: 'The last day must be the same as or after the first day' });
    setErrors(problems);
    if (problems.length) return;
    apply({
      caseId: caseId.trim() || undefined,
      actorId: actorId || undefined,
      category: category || undefined,
      action: action || undefined,
      // London days: from the start of the first to the start of the day after the last.
      since: from.value ? londonDateTimeToIso(from.value, '00:00', 'the first day').value : undefined,
      until: to.value ? londonDateTimeToIso(nextDay(to.value), '00:00', 'the last day').value : undefined,
    });
  };

  const events = data?.auditEvents.nodes ?? [];
  const who = (id: string | null | undefined) =>
    id ? (names.get(id) ?? `User ${id.slice(0, 8)}`) : 'The platform';
  return (
    <WidePage title="Audit log" caption="Your agency’s users and data" error={errors.length > 0}>
      <ErrorSummary errors={errors} />
      <p className="govuk-body">
        Every read of sensitive data, every change, refusal, export, disclosure, break-glass and sign-in is
        recorded here. Events name the data categories and records touched, never their content.
      </p>
      <ul className="govuk-list">
        {VIEWS.map((v) => (
          <li key={v.action}>
            <Link className="govuk-link" to={`/audit?action=${v.action}`} onClick={() => setAction(v.action)}>
              {v.text}
            </Link>
          </li>
        ))}
        <li>
          <Link className="govuk-link" to="/audit/break-glass">
            Open a case by break-glass
          </Link>
        </li>
      </ul>
      <form onSubmit={onFilter} noValidate className="govuk-!-margin-bottom-6">
        <TextInput
          id="case-id"
          label="Case ID (optional)"
          width="30"
          value={caseId}
          onChange={setCaseId}
          error={errorFor(errors, 'case-id')}
        />
        <Select
          id="actor"
          label="Person (optional)"
          value={actorId}
          onChange={setActorId}
          options={[
            { value: '', text: 'Anyone' },
            ...(people.data?.users.nodes ?? []).map((u) => ({ value: u.id, text: u.displayName })),
          ]}
        />
        <Select
          id="category"
          label="Data category (optional)"
          value={category}
          onChange={setCategory}
          options={[
            { value: '', text: 'Any' },
            ...CATEGORY_OPTIONS.map((o) => ({ value: o.value, text: `${o.value} ${o.text}` })),
          ]}
        />
        <Select
          id="action"
          label="What happened (optional)"
          value={action}
          onChange={setAction}
          options={[{ value: '', text: 'Anything' }, ...AUDIT_ACTION_OPTIONS]}
        />
        <DateInput
          id="since"
          label="From (optional)"
          value={since}
          onChange={setSince}
          error={errorFor(errors, 'since')}
        />
        <DateInput
          id="until"
          label="To (optional)"
          value={until}
          onChange={setUntil}
          error={errorFor(errors, 'until')}
        />
        <Button secondary>Show events</Button>
      </form>
      <div className="govuk-!-margin-bottom-6" id="export">
        <Button type="button" secondary onClick={() => void onExport()} disabled={exporting.loading}>
          Download these events (CSV)
        </Button>
        <p className="govuk-hint">
          Every event the filter above matches, up to 10,000, newest first. The export is itself recorded in
          the audit log.
        </p>
        {exported && (
          <div className="govuk-inset-text" role="status">
            {exported.rows === 1 ? '1 event' : `${exported.rows.toLocaleString('en-GB')} events`} downloaded
            {exported.truncated
              ? ': more matched than one export holds, so narrow the filter for the rest.'
              : '.'}
          </div>
        )}
      </div>
      {loading && !data ? (
        <Loading what="audit events" />
      ) : error && !data ? (
        <Empty>The audit log could not be read. Try again later.</Empty>
      ) : events.length === 0 ? (
        <Empty>No events match.</Empty>
      ) : (
        <Table
          caption="Events, newest first"
          head={['When', 'Who', 'What happened', 'Data', 'Case', 'Purpose']}
          rows={events.map((e) => [
            formatDateTime(e.occurredAt),
            who(e.actorId),
            `${actionText(e.action)}${e.entityType ? ` (${e.entityType})` : ''}${
              e.recipients?.length
                ? `, to ${e.recipients.length} recipient${e.recipients.length === 1 ? '' : 's'}`
                : ''
            }`,
            (e.categories ?? []).map(categoryText).join(', '),
            e.caseId ? (
              <span key="case">
                <Link className="govuk-link" to={`/audit?caseId=${e.caseId}`}>
                  Events of this case
                </Link>
                <br />
                <Link className="govuk-link" to={`/audit/break-glass?caseId=${e.caseId}`}>
                  Open by break-glass
                </Link>
              </span>
            ) : (
              ''
            ),
            e.purpose ?? '',
          ])}
        />
      )}
      <Pager
        hasPrevious={cursors.length > 1}
        hasNext={Boolean(data?.auditEvents.hasNextPage)}
        onPrevious={() => setCursors((c) => c.slice(0, -1))}
        onNext={() => setCursors((c) => [...c, data?.auditEvents.endCursor ?? null])}
      />
    </WidePage>
  );
}

/** The London day after `day` (YYYY-MM-DD). */
function nextDay(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
