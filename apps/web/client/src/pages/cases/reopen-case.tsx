import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { graphql } from '../../generated';
import {
  BackLink,
  Button,
  Checkboxes,
  ErrorSummary,
  errorFor,
  Loading,
  Radios,
  Select,
  Textarea,
} from '../../components/govuk';
import { Page } from '../../components/page';
import { useApiForm } from '../../lib/use-api-form';
import { CASE_BRIEF } from './escalate-case';

const REOPEN = graphql(`
  mutation ReopenCaseAsRepeat($input: ReopenCaseAsRepeatInput!) {
    reopenCaseAsRepeat(input: $input) {
      id
      reference
    }
  }
`);

/** A closed case opened again as a repeat (chair or coordinator): the new report, the agencies carried over. */
export function ReopenCasePage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { data, loading } = useQuery(CASE_BRIEF, { variables: { id } });
  const [reopen] = useMutation(REOPEN);
  const form = useApiForm({
    reason: 'reason',
    participantAgencyIds: 'carried',
    leadAgencyId: 'lead',
    carryOverPeople: 'people',
  });
  const [reason, setReason] = useState('');
  const [carried, setCarried] = useState<string[] | null>(null);
  const [lead, setLead] = useState<string | null>(null);
  const [people, setPeople] = useState('yes');
  if (loading && !data) return <Loading what="case" />;
  const c = data?.case;
  if (!c) return <Page title="Case not found" />;
  // The agencies that took part until the case closed.
  const agencies = (c.participants ?? []).filter((p) => p.agency).map((p) => p.agency!);
  const chosen = carried ?? agencies.map((a) => a.id);
  const leadId = lead ?? c.leadAgency?.id ?? '';
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const local = [];
    if (reason.trim().length < 10)
      local.push({
        field: 'reason',
        message: 'Enter the new report that reopens the case, in at least 10 characters',
      });
    if (!chosen.length) local.push({ field: 'carried', message: 'Select at least one agency to carry over' });
    else if (!chosen.includes(leadId))
      local.push({ field: 'lead', message: 'The lead agency must be one of the agencies carried over' });
    let created: { id: string; reference?: string | null } | undefined;
    const ok = await form.submit(local, async () => {
      const res = await reopen({
        variables: {
          input: {
            caseId: c.id,
            reason: reason.trim(),
            participantAgencyIds: chosen,
            leadAgencyId: leadId || undefined,
            carryOverPeople: people === 'yes',
          },
        },
      });
      created = res.data?.reopenCaseAsRepeat;
    });
    if (ok && created)
      navigate(`/cases/${created.id}`, {
        state: {
          flash: `Case ${created.reference ?? ''} opened as a repeat of ${c.reference ?? 'the closed case'}`,
        },
      });
  };
  return (
    <>
      <BackLink to={`/cases/${id}`}>Back to the case</BackLink>
      <Page
        title="Reopen as a repeat case"
        caption={`Case ${c.reference ?? ''}`}
        error={form.errors.length > 0}
      >
        <ErrorSummary errors={form.errors} />
        <p className="govuk-body">
          A case closed less than 12 months ago opens again as a new case that refers back to this one.
        </p>
        <form onSubmit={onSubmit} noValidate>
          <Textarea
            id="reason"
            label="What has been reported since the case closed?"
            hint="Other agencies read this: no addresses, phone numbers or other contact details"
            value={reason}
            onChange={setReason}
            error={errorFor(form.errors, 'reason')}
          />
          <Checkboxes
            id="carried"
            label="Agencies to carry over"
            values={chosen}
            onChange={setCarried}
            error={errorFor(form.errors, 'carried')}
            options={agencies.map((a) => ({ value: a.id, text: a.name }))}
          />
          <Select
            id="lead"
            label="Lead agency"
            value={leadId}
            onChange={setLead}
            error={errorFor(form.errors, 'lead')}
            options={agencies
              .filter((a) => chosen.includes(a.id))
              .map((a) => ({ value: a.id, text: a.name }))}
          />
          <Radios
            id="people"
            label="Carry over the subject, victims and third parties?"
            hint="Their identities only: locations are recorded afresh"
            value={people}
            onChange={setPeople}
            inline
            options={[
              { value: 'yes', text: 'Yes' },
              { value: 'no', text: 'No' },
            ]}
          />
          <Button disabled={form.busy}>Reopen the case</Button>
        </form>
      </Page>
    </>
  );
}
