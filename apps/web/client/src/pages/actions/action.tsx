import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { graphql } from '../../generated';
import type { AgreedActionStatus } from '../../generated/graphql';
import {
  BackLink,
  Button,
  ErrorSummary,
  errorFor,
  Loading,
  NotificationBanner,
  Radios,
  SummaryList,
  Tag,
  Textarea,
} from '../../components/govuk';
import { Page } from '../../components/page';
import { formatDate, formatDateTime } from '../../lib/dates';
import { label } from '../../lib/labels';
import { abilities, useMe } from '../../lib/me';
import { useApiForm } from '../../lib/use-api-form';
import { ReassignActionForm } from './reassign-action';

const ACTION = graphql(`
  query AgreedAction($id: ID!) {
    agreedAction(id: $id) {
      id
      caseId
      case {
        reference
      }
      meetingId
      title
      ownerAgencyId
      dueOn
      priority
      status
      overdue
      reminderOn
      completionNote
      notCompletedReason
      endNote
      chairReason
      endedAt
      version
      updatedAt
    }
    agencies {
      id
      name
    }
  }
`);
const CHANGE = graphql(`
  mutation ChangeActionStatus($input: ChangeActionStatusInput!) {
    changeActionStatus(input: $input) {
      id
      status
      version
      completionNote
      updatedAt
    }
  }
`);

/** One action: its details and, for the owner agency (or the chair), the next step. */
export function ActionPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const can = abilities(me);
  const { data, loading, refetch } = useQuery(ACTION, { variables: { id } });
  const [change] = useMutation(CHANGE, { refetchQueries: ['Actions'] });
  const form = useApiForm({ note: 'note', chairReason: 'chair-reason', notCompletedReason: 'reason' });
  const [next, setNext] = useState('');
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [flash, setFlash] = useState<string>();
  if (loading && !data) return <Loading what="action" />;
  const a = data?.agreedAction;
  if (!a) return <Page title="Action not found">This action does not exist or you cannot see it.</Page>;
  const agencyName = (aid?: string | null) => data?.agencies.find((x) => x.id === aid)?.name ?? '';
  const owner = a.ownerAgencyId === me.agency.id;
  const live = a.status === 'OPEN' || a.status === 'IN_PROGRESS';
  const choices = [
    ...(owner && a.status === 'OPEN'
      ? [{ value: 'IN_PROGRESS', text: 'Started', hint: 'Your agency is working on it' }]
      : []),
    ...(owner || can.chair ? [{ value: 'COMPLETED', text: 'Completed' }] : []),
    ...(owner || can.chair
      ? [{ value: 'NOT_COMPLETED', text: 'Not completed', hint: 'It will not be done' }]
      : []),
    ...(can.chair ? [{ value: 'CANCELLED', text: 'Cancelled (chair only)' }] : []),
  ];
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const local = [];
    if (!next) local.push({ field: 'next', message: 'Select what has happened to the action' });
    if ((next === 'COMPLETED' || next === 'NOT_COMPLETED') && !note.trim())
      local.push({ field: 'note', message: 'Enter a note about what was done' });
    if (next === 'NOT_COMPLETED' && !reason)
      local.push({ field: 'reason', message: 'Select why the action was not completed' });
    const chairNeedsReason = can.chair && !owner && next !== 'IN_PROGRESS';
    if ((next === 'CANCELLED' || chairNeedsReason) && !reason.trim() && next !== 'NOT_COMPLETED')
      local.push({ field: 'chair-reason', message: 'Enter the chair’s reason' });
    const ok = await form.submit(local, () =>
      change({
        variables: {
          input: {
            actionId: a.id,
            version: a.version ?? 0,
            to: next as AgreedActionStatus,
            note: note.trim() || undefined,
            notCompletedReason: next === 'NOT_COMPLETED' ? (reason as 'CHANGE_OF_CIRCUMSTANCE') : undefined,
            chairReason: next === 'CANCELLED' || chairNeedsReason ? reason.trim() || undefined : undefined,
          },
        },
      }),
    );
    await refetch();
    if (ok) {
      setFlash(`Action marked as ${label(next).toLowerCase()}`);
      setNext('');
      setNote('');
    }
  };
  return (
    <>
      <BackLink to="/actions">Back to actions</BackLink>
      <Page title={a.title ?? 'Action'} caption="Agreed action" error={form.errors.length > 0}>
        {flash && <NotificationBanner success heading={flash} />}
        {form.kind === 'conflict' && (
          <NotificationBanner heading="Someone else updated this action while you were working on it">
            <p className="govuk-body">
              The details below are the newer version. Check them before you update the action again.
            </p>
          </NotificationBanner>
        )}
        <ErrorSummary errors={form.errors} />
        <SummaryList
          rows={[
            {
              key: 'Status',
              value: (
                <>
                  <Tag code={a.status} /> {a.overdue && <Tag code="OVERDUE" text="Overdue" />}
                </>
              ),
            },
            { key: 'Owner', value: agencyName(a.ownerAgencyId) },
            { key: 'Due', value: formatDate(a.dueOn) },
            { key: 'Priority', value: label(a.priority) },
            a.completionNote ? { key: 'Completion note', value: a.completionNote } : null,
            a.notCompletedReason
              ? { key: 'Not completed because', value: label(a.notCompletedReason) }
              : null,
            a.endNote ? { key: 'Note', value: a.endNote } : null,
            a.chairReason ? { key: 'Chair’s reason', value: a.chairReason } : null,
            a.updatedAt ? { key: 'Last updated', value: formatDateTime(a.updatedAt) } : null,
            a.caseId
              ? {
                  key: 'Case',
                  value: (
                    <Link className="govuk-link" to={`/cases/${a.caseId}`}>
                      {a.case?.reference ? `Case ${a.case.reference}` : 'View the case'}
                    </Link>
                  ),
                }
              : null,
          ]}
        />
        {live && choices.length > 0 && (
          <form onSubmit={onSubmit} noValidate>
            <h2 className="govuk-heading-m">Update the action</h2>
            <Radios
              id="next"
              label="What has happened?"
              value={next}
              onChange={setNext}
              error={errorFor(form.errors, 'next')}
              options={choices}
            />
            {(next === 'COMPLETED' || next === 'NOT_COMPLETED') && (
              <Textarea
                id="note"
                label="Note"
                value={note}
                onChange={setNote}
                error={errorFor(form.errors, 'note')}
              />
            )}
            {next === 'NOT_COMPLETED' && (
              <Radios
                id="reason"
                label="Why was it not completed?"
                value={reason}
                onChange={setReason}
                error={errorFor(form.errors, 'reason')}
                options={[
                  { value: 'CHANGE_OF_CIRCUMSTANCE', text: 'A change of circumstance' },
                  { value: 'AGENCY_NOT_COMPLETED', text: 'The agency did not complete it' },
                ]}
              />
            )}
            {(next === 'CANCELLED' || (can.chair && !owner && next && next !== 'NOT_COMPLETED')) && (
              <Textarea
                id="chair-reason"
                label="Chair’s reason"
                rows={2}
                value={reason}
                onChange={setReason}
                error={errorFor(form.errors, 'chair-reason')}
              />
            )}
            <Button disabled={form.busy}>Save</Button>
          </form>
        )}
        {live && can.chair && (
          <ReassignActionForm
            action={a}
            agencies={data?.agencies ?? []}
            onDone={async (message) => {
              await refetch();
              setFlash(message);
            }}
          />
        )}
      </Page>
    </>
  );
}
