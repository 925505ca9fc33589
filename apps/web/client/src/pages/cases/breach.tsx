import { useState } from 'react';
import { useParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { graphql } from '../../generated';
import {
  BackLink,
  Button,
  ErrorSummary,
  errorFor,
  Loading,
  NotificationBanner,
  Radios,
  SummaryList,
  Textarea,
  TextInput,
} from '../../components/govuk';
import { Page } from '../../components/page';
import { formatDateTime } from '../../lib/dates';
import { label } from '../../lib/labels';
import { abilities, useMe } from '../../lib/me';
import { useApiForm } from '../../lib/use-api-form';
import { BreachOutcomeForm } from './breach-outcome';

const BREACH_PAGE = graphql(`
  query BreachPage($id: ID!) {
    case(id: $id) {
      id
      reference
      breaches {
        nodes {
          id
          occurredAt
          type
          crimeReference
          crimeNotRecordedReason
          approvalStatus
          approvalNote
          approvalDecidedAt
          resolved
          description
          version
          reasonApprovedBy {
            id
            displayName
          }
          recordedBy {
            displayName
          }
        }
      }
    }
  }
`);
const DECIDE = graphql(`
  mutation DecideBreachApproval($input: DecideBreachApprovalInput!) {
    decideBreachApproval(input: $input) {
      id
      approvalStatus
      approvalNote
      resolved
      version
    }
  }
`);
const CRIME_REFERENCE = graphql(`
  mutation RecordBreachCrimeReference($input: RecordBreachCrimeReferenceInput!) {
    recordBreachCrimeReference(input: $input) {
      id
      crimeReference
      resolved
      version
    }
  }
`);

/** Where the breach stands on being recorded as a crime (docs/case-rules.md, issue 14 item 3). */
export function breachState(b: { crimeReference?: string | null; approvalStatus?: string | null }): string {
  if (b.crimeReference) return 'Recorded as a crime';
  if (b.approvalStatus === 'PENDING') return 'Pending supervisor approval';
  if (b.approvalStatus === 'APPROVED') return 'Reason approved by the supervisor';
  if (b.approvalStatus === 'REJECTED') return 'Reason rejected: a crime reference is needed';
  return 'Not known';
}

/**
 * One breach: its crime-recording state, the named supervisor's decision form while it is
 * pending, and the crime reference form once a reason is rejected.
 */
export function BreachPage() {
  const { id = '', breachId = '' } = useParams();
  const me = useMe();
  const can = abilities(me);
  const { data, loading, refetch } = useQuery(BREACH_PAGE, { variables: { id } });
  const [decide] = useMutation(DECIDE, { refetchQueries: ['CasePage', 'MyBreachApprovals'] });
  const [addReference] = useMutation(CRIME_REFERENCE, { refetchQueries: ['CasePage'] });
  const form = useApiForm({ decision: 'decision', note: 'note', crimeReference: 'crime-reference' });
  const [decision, setDecision] = useState('');
  const [note, setNote] = useState('');
  const [reference, setReference] = useState('');
  const [done, setDone] = useState<string | null>(null);
  if (loading && !data) return <Loading what="breach" />;
  const c = data?.case;
  const b = c?.breaches?.nodes?.find((n) => n.id === breachId);
  if (!c || !b) return <Page title="Breach not found" />;
  const decides = b.approvalStatus === 'PENDING' && !b.crimeReference && b.reasonApprovedBy?.id === me.userId;
  const needsReference = b.approvalStatus === 'REJECTED' && !b.crimeReference && can.police;

  const onDecide = async (e: React.FormEvent) => {
    e.preventDefault();
    const local = decision ? [] : [{ field: 'decision', message: 'Choose whether you approve the reason' }];
    const ok = await form.submit(local, () =>
      decide({
        variables: {
          input: {
            breachId: b.id,
            expectedVersion: b.version ?? 0,
            decision: decision as 'APPROVE' | 'REJECT',
            note: note.trim() || null,
          },
        },
      }),
    );
    if (ok) setDone(decision === 'APPROVE' ? 'You approved the reason' : 'You rejected the reason');
    else if (form.lastKind() !== 'invalid') await refetch().catch(() => undefined);
  };
  const onReference = async (e: React.FormEvent) => {
    e.preventDefault();
    const local = reference.trim()
      ? []
      : [{ field: 'crime-reference', message: 'Enter the crime reference' }];
    const ok = await form.submit(local, () =>
      addReference({
        variables: {
          input: { breachId: b.id, expectedVersion: b.version ?? 0, crimeReference: reference.trim() },
        },
      }),
    );
    if (ok) setDone('Crime reference recorded');
    else if (form.lastKind() !== 'invalid') await refetch().catch(() => undefined);
  };

  return (
    <>
      <BackLink to={`/cases/${c.id}`}>Back to the case</BackLink>
      <Page
        title={`Breach: ${label(b.type)}`}
        caption={`Case ${c.reference ?? ''}`}
        error={form.errors.length > 0}
      >
        <ErrorSummary errors={form.errors} />
        {done && <NotificationBanner heading={done} success />}
        {form.kind === 'conflict' && (
          <NotificationBanner heading="Someone else changed this breach while you were deciding">
            <p className="govuk-body">This is the newer version. Check it before you decide again.</p>
          </NotificationBanner>
        )}
        <SummaryList
          rows={[
            { key: 'Status', value: breachState(b) },
            { key: 'When', value: formatDateTime(b.occurredAt) },
            b.crimeReference ? { key: 'Crime reference', value: b.crimeReference } : null,
            b.crimeNotRecordedReason
              ? { key: 'Why no crime was recorded', value: b.crimeNotRecordedReason }
              : null,
            b.reasonApprovedBy ? { key: 'Supervisor', value: b.reasonApprovedBy.displayName } : null,
            b.approvalNote ? { key: 'Supervisor’s note', value: b.approvalNote } : null,
            b.approvalDecidedAt ? { key: 'Decided', value: formatDateTime(b.approvalDecidedAt) } : null,
            b.recordedBy ? { key: 'Recorded by', value: b.recordedBy.displayName } : null,
            b.description ? { key: 'What happened', value: b.description } : null,
          ]}
        />
        {decides && !done && (
          <form onSubmit={onDecide} noValidate>
            <Radios
              id="decision"
              label="Do you approve the reason this breach was not recorded as a crime?"
              hint="You were named as the supervisor. Until you decide, the breach counts as unresolved."
              value={decision}
              onChange={setDecision}
              error={errorFor(form.errors, 'decision')}
              options={[
                { value: 'APPROVE', text: 'Approve the reason' },
                { value: 'REJECT', text: 'Reject it: the breach must be recorded as a crime' },
              ]}
            />
            <Textarea
              id="note"
              label="Your reason"
              hint="Needed to reject. Every partner on the case reads it: do not include the victim’s address or contact details."
              value={note}
              onChange={setNote}
              error={errorFor(form.errors, 'note')}
            />
            <Button disabled={form.busy}>Save your decision</Button>
          </form>
        )}
        {needsReference && !done && (
          <form onSubmit={onReference} noValidate>
            <TextInput
              id="crime-reference"
              label="Crime reference"
              hint="The supervisor rejected the reason: record the breach as a crime"
              value={reference}
              onChange={setReference}
              width="20"
              error={errorFor(form.errors, 'crime-reference')}
            />
            <Button disabled={form.busy}>Save the crime reference</Button>
          </form>
        )}
        {can.police && <BreachOutcomeForm breach={b} reload={refetch} />}
      </Page>
    </>
  );
}
