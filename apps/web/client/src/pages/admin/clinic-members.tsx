import { useState, type ReactNode } from 'react';
import { useMutation } from '@apollo/client/react';
import { graphql } from '../../generated';
import { Button, DateInput, ErrorSummary, errorFor, Select } from '../../components/govuk';
import { datePartsToIso, isoToDateParts } from '../../lib/dates';
import { useApiForm } from '../../lib/use-api-form';
import type { DirectoryAgency, DirectoryClinic } from './admin';

const SET_CLINIC_MEMBER = graphql(`
  mutation SetClinicMember($input: SetClinicMemberInput!) {
    setClinicMember(input: $input) {
      id
    }
  }
`);

/** Adds an agency to a clinic, or records when a member signed the information sharing agreement. */
export function ClinicMembers({
  clinic,
  agencies,
  onDone,
  cancel,
}: {
  clinic: DirectoryClinic;
  agencies: DirectoryAgency[];
  onDone: (m: string) => unknown;
  cancel: ReactNode;
}) {
  const [setMember] = useMutation(SET_CLINIC_MEMBER);
  const form = useApiForm({ agencyId: 'member-agency', isaSignedOn: 'member-isa' });
  const [agencyId, setAgencyId] = useState('');
  const member = clinic.members?.find((m) => m.agency.id === agencyId);
  const [isa, setIsa] = useState(isoToDateParts(null));
  const choose = (id: string) => {
    setAgencyId(id);
    setIsa(isoToDateParts(clinic.members?.find((m) => m.agency.id === id)?.isaSignedOn));
  };
  return (
    <form
      noValidate
      aria-labelledby="members-heading"
      className="govuk-!-margin-bottom-8"
      onSubmit={async (e) => {
        e.preventDefault();
        const local = [];
        if (!agencyId) local.push({ field: 'member-agency', message: 'Select an agency' });
        const blank = !isa.day && !isa.month && !isa.year;
        const date = blank ? {} : datePartsToIso(isa, 'the date the agreement was signed');
        if (date.error) local.push({ field: 'member-isa', message: date.error });
        const name = agencies.find((a) => a.id === agencyId)?.name ?? 'The agency';
        const ok = await form.submit(local, () =>
          setMember({
            variables: { input: { clinicId: clinic.id, agencyId, isaSignedOn: date.value ?? null } },
          }),
        );
        if (ok) await onDone(`${name} is a member of ${clinic.name}`);
      }}
    >
      <h2 className="govuk-heading-m" id="members-heading">
        Members of {clinic.name}
      </h2>
      <ErrorSummary errors={form.errors} />
      <Select
        id="member-agency"
        label="Member agency"
        hint="Choose an agency to add, or a member to record its information sharing agreement."
        value={agencyId}
        onChange={choose}
        error={errorFor(form.errors, 'member-agency')}
        options={[
          { value: '', text: 'Choose an agency' },
          ...agencies
            .filter((a) => a.active)
            .map((a) => ({
              value: a.id,
              text: clinic.members?.some((m) => m.agency.id === a.id) ? `${a.name} (member)` : a.name,
            })),
        ]}
      />
      <DateInput
        id="member-isa"
        label="Date it signed the information sharing agreement"
        hint="Leave blank if it has not signed. For example, 27 3 2026"
        value={isa}
        onChange={setIsa}
        error={errorFor(form.errors, 'member-isa')}
      />
      <Button disabled={form.busy}>{member ? 'Save the member' : 'Add the member'}</Button> {cancel}
    </form>
  );
}
