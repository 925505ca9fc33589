import { useState } from 'react';
import { useMutation } from '@apollo/client/react';
import { graphql } from '../generated';
import type { VictimCodeEntitlement } from '../generated/graphql';
import { Button, ErrorSummary, errorFor, NotificationBanner, Radios } from '../components/govuk';
import { useApiForm } from '../lib/use-api-form';

const SET_ENTITLEMENT = graphql(`
  mutation SetVictimCodeEntitlement($input: SetVictimCodeEntitlementInput!) {
    setVictimCodeEntitlement(input: $input) {
      id
      caseId
    }
  }
`);

/**
 * The victim's Victims' Code entitlement (police or the advocate): enhanced victims are told within
 * 1 working day, others within 5. It applies to updates made due from now on.
 */
export function VictimEntitlementForm({
  victim,
  saved,
}: {
  victim: { id: string; alias?: string | null; victimCodeEntitlement?: string | null };
  saved: () => Promise<unknown>;
}) {
  const [set] = useMutation(SET_ENTITLEMENT);
  const form = useApiForm({ entitlement: 'entitlement' });
  const [value, setValue] = useState(victim.victimCodeEntitlement ?? 'ENHANCED');
  const [done, setDone] = useState(false);
  return (
    <form
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        setDone(false);
        const ok = await form.submit([], () =>
          set({ variables: { input: { personId: victim.id, entitlement: value as VictimCodeEntitlement } } }),
        );
        // Confirmed once the list shows the victim's entitlement as saved.
        if (ok) {
          await saved();
          setDone(true);
        }
      }}
    >
      {done && <NotificationBanner success heading="Entitlement saved" />}
      <ErrorSummary errors={form.errors} />
      <Radios
        id="entitlement"
        label={`Victims’ Code entitlement of ${victim.alias ?? 'the victim'}`}
        hint="Applies to updates made due from now on; those already due keep their deadline"
        value={value}
        onChange={setValue}
        error={errorFor(form.errors, 'entitlement')}
        options={[
          { value: 'ENHANCED', text: 'Enhanced: told within 1 working day' },
          { value: 'STANDARD', text: 'Standard: told within 5 working days' },
        ]}
      />
      <Button secondary disabled={form.busy}>
        Save the entitlement
      </Button>
    </form>
  );
}
