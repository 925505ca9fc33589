import { useState, type ReactNode } from 'react';
import { useMutation } from '@apollo/client/react';
import { graphql } from '../../generated';
import { Button, ErrorSummary, errorFor, Radios, TextInput } from '../../components/govuk';
import { useApiForm } from '../../lib/use-api-form';
import type { DirectoryAgency } from './admin';

const UPDATE_AGENCY = graphql(`
  mutation UpdateAgency($input: UpdateAgencyInput!) {
    updateAgency(input: $input) {
      id
      name
      active
      version
    }
  }
`);

/** Renames an agency or makes it inactive (its users then cannot sign in), at the version read. */
export function EditAgency({
  agency,
  onDone,
  cancel,
}: {
  agency: DirectoryAgency;
  onDone: (m: string) => unknown;
  cancel: ReactNode;
}) {
  const [update] = useMutation(UPDATE_AGENCY);
  const form = useApiForm({ name: 'edit-agency-name', active: 'edit-agency-active' });
  const [name, setName] = useState(agency.name);
  const [active, setActive] = useState(agency.active ? 'yes' : 'no');
  return (
    <form
      noValidate
      aria-labelledby="edit-agency-heading"
      className="govuk-!-margin-bottom-8"
      onSubmit={async (e) => {
        e.preventDefault();
        const local = [];
        if (!name.trim()) local.push({ field: 'edit-agency-name', message: 'Enter the agency’s name' });
        const ok = await form.submit(local, () =>
          update({
            variables: {
              input: {
                id: agency.id,
                expectedVersion: agency.version ?? 0,
                name: name.trim(),
                active: active === 'yes',
              },
            },
          }),
        );
        if (ok) await onDone(`${name.trim()} changed`);
      }}
    >
      <h2 className="govuk-heading-m" id="edit-agency-heading">
        Change {agency.name}
      </h2>
      <ErrorSummary errors={form.errors} />
      <TextInput
        id="edit-agency-name"
        label="Agency name"
        value={name}
        onChange={setName}
        error={errorFor(form.errors, 'edit-agency-name')}
      />
      <Radios
        id="edit-agency-active"
        label="Is the agency active?"
        hint="The users of an inactive agency cannot sign in."
        value={active}
        onChange={setActive}
        inline
        options={[
          { value: 'yes', text: 'Yes' },
          { value: 'no', text: 'No' },
        ]}
      />
      <Button disabled={form.busy}>Save the agency</Button> {cancel}
    </form>
  );
}
