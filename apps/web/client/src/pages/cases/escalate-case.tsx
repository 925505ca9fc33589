import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { graphql } from '../../generated';
import type { EscalationTarget } from '../../generated/graphql';
import {
  BackLink,
  Button,
  DateInput,
  ErrorSummary,
  errorFor,
  Loading,
  NotificationBanner,
  Radios,
  Select,
  Textarea,
  TextInput,
} from '../../components/govuk';
import { Page } from '../../components/page';
import { datePartsToIso, type DateParts } from '../../lib/dates';
import { useApiForm } from '../../lib/use-api-form';

/** The case as the forms beside the case page read it: its reference, version, status and agencies. */
export const CASE_BRIEF = graphql(`
  query CaseBrief($id: ID!) {
    case(id: $id) {
      id
      reference
      version
      status
      leadAgency {
        id
      }
      participants {
        id
        agency {
          id
          name
        }
        roleInCase
        leftAt
      }
    }
    agencies {
      id
      name
      active
    }
  }
`);
const ESCALATE = graphql(`
  mutation EscalateCase($input: EscalateCaseInput!) {
    escalateCase(input: $input) {
      id
      status
      version
    }
  }
`);

/** Escalation to MAPPA (with its level) or MARAC: the reference they gave and the date, at the version read. */
export function EscalateCasePage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { data, loading, refetch } = useQuery(CASE_BRIEF, { variables: { id } });
  const [escalate] = useMutation(ESCALATE, { refetchQueries: ['CasePage'] });
  const form = useApiForm({
    target: 'target',
    mappaLevel: 'mappa-level',
    externalReference: 'reference',
    escalatedOn: 'escalated-on',
    notes: 'notes',
  });
  const [target, setTarget] = useState('');
  const [level, setLevel] = useState('');
  const [reference, setReference] = useState('');
  const [on, setOn] = useState<DateParts>({ day: '', month: '', year: '' });
  const [notes, setNotes] = useState('');
  if (loading && !data) return <Loading what="case" />;
  const c = data?.case;
  if (!c) return <Page title="Case not found" />;
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const local = [];
    if (!target) local.push({ field: 'target', message: 'Select MAPPA or MARAC' });
    if (target === 'MAPPA' && !level) local.push({ field: 'mappa-level', message: 'Select the MAPPA level' });
    if (!reference.trim()) local.push({ field: 'reference', message: 'Enter the reference they gave' });
    const date = datePartsToIso(on, 'the date of the escalation');
    if (date.error) local.push({ field: 'escalated-on', message: date.error });
    const ok = await form.submit(local, () =>
      escalate({
        variables: {
          input: {
            caseId: c.id,
            expectedVersion: c.version ?? 0,
            target: target as EscalationTarget,
            mappaLevel: target === 'MAPPA' ? Number(level) : undefined,
            externalReference: reference.trim(),
            escalatedOn: date.value!,
            notes: notes.trim() || undefined,
          },
        },
      }),
    );
    if (ok) navigate(`/cases/${c.id}`, { state: { flash: `Case escalated to ${target}` } });
    else if (form.lastKind() === 'conflict') await refetch().catch(() => undefined);
  };
  return (
    <>
      <BackLink to={`/cases/${id}`}>Back to the case</BackLink>
      <Page
        title="Escalate to MAPPA or MARAC"
        caption={`Case ${c.reference ?? ''}`}
        error={form.errors.length > 0}
      >
        {form.kind === 'conflict' && (
          <NotificationBanner heading="The case changed while you were escalating it. Check it and send again." />
        )}
        <ErrorSummary errors={form.errors} />
        <form onSubmit={onSubmit} noValidate>
          <Radios
            id="target"
            label="Where was the case referred?"
            value={target}
            onChange={setTarget}
            error={errorFor(form.errors, 'target')}
            options={[
              { value: 'MAPPA', text: 'MAPPA (multi-agency public protection arrangements)' },
              { value: 'MARAC', text: 'MARAC (multi-agency risk assessment conference)' },
            ]}
          />
          {target === 'MAPPA' && (
            <Select
              id="mappa-level"
              label="MAPPA level"
              value={level}
              onChange={setLevel}
              error={errorFor(form.errors, 'mappa-level')}
              options={[
                { value: '', text: 'Choose a level' },
                ...['1', '2', '3'].map((l) => ({ value: l, text: `Level ${l}` })),
              ]}
            />
          )}
          <TextInput
            id="reference"
            label="Their reference"
            width="20"
            value={reference}
            onChange={setReference}
            error={errorFor(form.errors, 'reference')}
          />
          <DateInput
            id="escalated-on"
            label="Date of the escalation"
            hint="For example, 27 3 2026. It cannot be in the future."
            value={on}
            onChange={setOn}
            error={errorFor(form.errors, 'escalated-on')}
          />
          <Textarea
            id="notes"
            label="Notes (optional)"
            hint="Other agencies read these: no addresses, phone numbers or other contact details"
            rows={3}
            value={notes}
            onChange={setNotes}
            error={errorFor(form.errors, 'notes')}
          />
          <Button disabled={form.busy}>Escalate the case</Button>
        </form>
      </Page>
    </>
  );
}
