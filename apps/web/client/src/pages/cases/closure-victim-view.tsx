import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { graphql } from '../../generated';
import { BackLink, Button, ErrorSummary, errorFor, Loading, Radios, Textarea } from '../../components/govuk';
import { Page } from '../../components/page';
import { useApiForm } from '../../lib/use-api-form';
import { CASE_BRIEF } from './escalate-case';

const RECORD_VIEW = graphql(`
  mutation RecordClosureVictimView($input: RecordClosureVictimViewInput!) {
    recordClosureVictimView(input: $input) {
      id
      recordedAt
    }
  }
`);

/**
 * The advocate records the victim's view of the case closing (or why the victim could not be
 * asked) before the chair closes it; the chair's close-case page points here.
 */
export function ClosureVictimViewPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { data, loading } = useQuery(CASE_BRIEF, { variables: { id } });
  const [record] = useMutation(RECORD_VIEW);
  const form = useApiForm({ victimView: 'victim-view', notContactableReason: 'not-contactable' });
  const [asked, setAsked] = useState('');
  const [view, setView] = useState('');
  const [reason, setReason] = useState('');
  if (loading && !data) return <Loading what="case" />;
  const c = data?.case;
  if (!c) return <Page title="Case not found" />;
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const local = [];
    if (!asked) local.push({ field: 'asked', message: 'Select whether the victim could be asked' });
    if (asked === 'yes' && !view.trim())
      local.push({ field: 'victim-view', message: 'Enter the victim’s view of the case closing' });
    if (asked === 'no' && !reason.trim())
      local.push({ field: 'not-contactable', message: 'Enter why the victim could not be asked' });
    const ok = await form.submit(local, () =>
      record({
        variables: {
          input:
            asked === 'yes'
              ? { caseId: c.id, victimView: view.trim() }
              : { caseId: c.id, notContactableReason: reason.trim() },
        },
      }),
    );
    if (ok) navigate(`/cases/${c.id}`, { state: { flash: 'The victim’s view of closure is recorded' } });
  };
  return (
    <>
      <BackLink to={`/cases/${id}`}>Back to the case</BackLink>
      <Page
        title="The victim’s view of closure"
        caption={`Case ${c.reference ?? ''}`}
        error={form.errors.length > 0}
      >
        <ErrorSummary errors={form.errors} />
        <form onSubmit={onSubmit} noValidate>
          <Radios
            id="asked"
            label="Could you ask the victim about the case closing?"
            value={asked}
            onChange={setAsked}
            error={errorFor(form.errors, 'asked')}
            options={[
              { value: 'yes', text: 'Yes' },
              { value: 'no', text: 'No' },
            ]}
          />
          {asked === 'yes' && (
            <Textarea
              id="victim-view"
              label="The victim’s view, in your words"
              hint="No addresses, phone numbers or other contact details"
              value={view}
              onChange={setView}
              error={errorFor(form.errors, 'victim-view')}
            />
          )}
          {asked === 'no' && (
            <Textarea
              id="not-contactable"
              label="Why could the victim not be asked?"
              rows={3}
              value={reason}
              onChange={setReason}
              error={errorFor(form.errors, 'not-contactable')}
            />
          )}
          <Button disabled={form.busy}>Record the view</Button>
        </form>
      </Page>
    </>
  );
}
