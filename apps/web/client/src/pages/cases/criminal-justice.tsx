import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { graphql } from '../../generated';
import type { CriminalJusticeEventType } from '../../generated/graphql';
import { BackLink, Button, ErrorSummary, errorFor, Radios } from '../../components/govuk';
import { Page } from '../../components/page';
import { formatDateTime } from '../../lib/dates';
import type { FormError } from '../../lib/errors';
import { useApiForm } from '../../lib/use-api-form';
import { CJ_EVENT_OPTIONS, cjEventText, useWhen, WhenFields } from './when-fields';

const CJ_CASE = graphql(`
  query CriminalJusticeCase($id: ID!) {
    case(id: $id) {
      id
      reference
    }
  }
`);
const RECORD_CJ = graphql(`
  mutation RecordCriminalJusticeEvent($input: RecordCriminalJusticeEventInput!) {
    recordCriminalJusticeEvent(input: $input) {
      id
      type
      occurredAt
      victimUpdates {
        id
        dueBy
        deliveredAt
      }
    }
  }
`);

/** What the police flash says once the step is recorded: the victim update it made due, if any. */
export function cjFlash(type: string, updates: { dueBy?: string | null }[] | null | undefined) {
  const due = (updates ?? []).map((u) => u.dueBy).filter(Boolean) as string[];
  const first = due.sort()[0];
  return first
    ? `${cjEventText(type)} recorded. The victim must be told by ${formatDateTime(first)}: see Victim updates.`
    : `${cjEventText(type)} recorded`;
}

/** Police record an arrest, interview, release, bail or charge; the API makes the victim's update due. */
export function RecordCriminalJusticeEventPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { data } = useQuery(CJ_CASE, { variables: { id } });
  const [record] = useMutation(RECORD_CJ, { refetchQueries: ['CasePage', 'VictimUpdates'] });
  const form = useApiForm({ type: 'type', occurredAt: 'occurred' });
  const [type, setType] = useState('');
  const when = useWhen('occurred', 'the event');
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const at = when.check();
    const local: FormError[] = [
      ...(type ? [] : [{ field: 'type', message: 'Select what happened' }]),
      ...at.errors,
    ];
    let updates: { dueBy?: string | null }[] | null | undefined;
    const ok = await form.submit(local, async () => {
      const r = await record({
        variables: {
          input: { caseId: id, type: type as CriminalJusticeEventType, occurredAt: at.value! },
        },
      });
      updates = r.data?.recordCriminalJusticeEvent.victimUpdates;
    });
    if (ok) navigate(`/cases/${id}`, { state: { flash: cjFlash(type, updates) } });
  };
  return (
    <>
      <BackLink to={`/cases/${id}`}>Back to the case</BackLink>
      <Page
        title="Record an arrest, charge or bail"
        caption={data?.case.reference ? `Case ${data.case.reference}` : undefined}
        error={form.errors.length > 0}
      >
        <ErrorSummary errors={form.errors} />
        <form onSubmit={onSubmit} noValidate>
          <Radios
            id="type"
            label="What happened?"
            hint="The victim must be told under the Victims’ Code: the service works out by when"
            value={type}
            onChange={setType}
            error={errorFor(form.errors, 'type')}
            options={CJ_EVENT_OPTIONS.map((o) => ({ value: o.value, text: o.text }))}
          />
          <WhenFields when={when} label="When did it happen?" errors={form.errors} />
          <Button disabled={form.busy}>Record it</Button>
        </form>
      </Page>
    </>
  );
}
