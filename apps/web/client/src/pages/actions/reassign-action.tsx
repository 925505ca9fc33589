import { useState } from 'react';
import { useMutation } from '@apollo/client/react';
import { graphql } from '../../generated';
import { Button, DateInput, Details, ErrorSummary, errorFor, Select } from '../../components/govuk';
import { datePartsToIso, formatDate, type DateParts } from '../../lib/dates';
import type { FormError } from '../../lib/errors';
import { useApiForm } from '../../lib/use-api-form';

const REASSIGN = graphql(`
  mutation ReassignAction($input: ReassignActionInput!) {
    reassignAction(input: $input) {
      id
      ownerAgencyId
      dueOn
      version
    }
  }
`);

/** The chair gives an open action to another agency of the case, optionally with a new due date. */
export function ReassignActionForm({
  action,
  agencies,
  onDone,
}: {
  action: { id: string; ownerAgencyId?: string | null; version?: number | null };
  agencies: { id: string; name: string }[];
  onDone: (message: string) => unknown;
}) {
  const [reassign] = useMutation(REASSIGN, { refetchQueries: ['Actions'] });
  const form = useApiForm({ ownerAgencyId: 'reassign-owner', dueOn: 'reassign-due' });
  const [owner, setOwner] = useState('');
  const [due, setDue] = useState<DateParts>({ day: '', month: '', year: '' });
  const others = agencies.filter((a) => a.id !== action.ownerAgencyId);
  return (
    <Details summary="Reassign the action">
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const local: FormError[] = [];
          if (!owner)
            local.push({ field: 'reassign-owner', message: 'Select the agency that will own the action' });
          const empty = !due.day && !due.month && !due.year;
          const d = empty ? {} : datePartsToIso(due, 'the new due date');
          if (d.error) local.push({ field: 'reassign-due', message: d.error });
          const ok = await form.submit(local, () =>
            reassign({
              variables: {
                input: {
                  actionId: action.id,
                  version: action.version ?? 0,
                  ownerAgencyId: owner,
                  dueOn: d.value,
                },
              },
            }),
          );
          if (ok) {
            const name = agencies.find((a) => a.id === owner)?.name ?? 'the agency';
            await onDone(`Action reassigned to ${name}${d.value ? `, due ${formatDate(d.value)}` : ''}`);
          }
        }}
      >
        <ErrorSummary errors={form.errors} />
        <Select
          id="reassign-owner"
          label="New owner agency"
          hint="It must take part in the case"
          value={owner}
          onChange={setOwner}
          error={errorFor(form.errors, 'reassign-owner')}
          options={[
            { value: '', text: 'Choose an agency' },
            ...others.map((a) => ({ value: a.id, text: a.name })),
          ]}
        />
        <DateInput
          id="reassign-due"
          label="New due date (optional)"
          hint="Leave empty to keep the current due date"
          value={due}
          onChange={setDue}
          error={errorFor(form.errors, 'reassign-due')}
        />
        <Button secondary disabled={form.busy}>
          Reassign the action
        </Button>
      </form>
    </Details>
  );
}
