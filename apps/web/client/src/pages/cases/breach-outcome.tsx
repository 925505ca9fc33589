import { useState } from 'react';
import { useMutation } from '@apollo/client/react';
import { graphql } from '../../generated';
import type { CriminalJusticeEventType } from '../../generated/graphql';
import { Button, ErrorSummary, errorFor, NotificationBanner, Select } from '../../components/govuk';
import { useApiForm } from '../../lib/use-api-form';
import { CJ_EVENT_OPTIONS, cjEventText, useWhen, WhenFields } from './when-fields';

const RECORD_OUTCOME = graphql(`
  mutation RecordBreachOutcome($input: RecordBreachOutcomeInput!) {
    recordBreachOutcome(input: $input) {
      id
      version
    }
  }
`);

/**
 * Police action on a breach (arrest, interview, bail…): the API records it as a criminal-justice
 * step of the case, makes the victim's update due and, for an arrest, asks for an urgent review.
 */
export function BreachOutcomeForm({
  breach,
  reload,
}: {
  breach: { id: string; version?: number | null };
  reload: () => Promise<unknown>;
}) {
  const [record] = useMutation(RECORD_OUTCOME, {
    refetchQueries: ['CasePage', 'VictimUpdates'],
  });
  const form = useApiForm({ action: 'action', occurredAt: 'outcome-at' });
  const [action, setAction] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const when = useWhen('outcome-at', 'the police action');
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const at = when.check();
    const local = [
      ...(action ? [] : [{ field: 'action', message: 'Select the police action' }]),
      ...at.errors,
    ];
    const ok = await form.submit(local, () =>
      record({
        variables: {
          input: {
            breachId: breach.id,
            expectedVersion: breach.version ?? 0,
            action: action as CriminalJusticeEventType,
            occurredAt: at.value!,
          },
        },
      }),
    );
    if (ok) {
      setDone(`${cjEventText(action)} recorded on this breach`);
      setAction('');
    }
    if (ok || form.lastKind() === 'conflict') await reload();
  };
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="outcome-heading">
      <h2 className="govuk-heading-m" id="outcome-heading">
        Record police action on this breach
      </h2>
      {done && <NotificationBanner success heading={done} />}
      <ErrorSummary errors={form.errors} />
      <Select
        id="action"
        label="What did the police do?"
        value={action}
        onChange={setAction}
        error={errorFor(form.errors, 'action')}
        options={[{ value: '', text: 'Choose an action' }, ...CJ_EVENT_OPTIONS]}
      />
      <WhenFields when={when} label="When?" errors={form.errors} />
      <Button disabled={form.busy} secondary>
        Record the police action
      </Button>
    </form>
  );
}
