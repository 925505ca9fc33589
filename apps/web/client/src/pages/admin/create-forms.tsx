import { useState } from 'react';
import { useMutation } from '@apollo/client/react';
import { graphql } from '../../generated';
import type { AgencyType, ClinicCadence, Role } from '../../generated/graphql';
import { Button, Checkboxes, ErrorSummary, errorFor, Select, TextInput } from '../../components/govuk';
import { label } from '../../lib/labels';
import { useApiForm } from '../../lib/use-api-form';

const CREATE_AGENCY = graphql(`
  mutation CreateAgency($input: CreateAgencyInput!) {
    createAgency(input: $input) {
      id
    }
  }
`);
const CREATE_USER = graphql(`
  mutation CreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      id
    }
  }
`);
const CREATE_CLINIC = graphql(`
  mutation CreateClinic($input: CreateClinicInput!) {
    createClinic(input: $input) {
      id
    }
  }
`);
const AGENCY_TYPES: AgencyType[] = ['POLICE', 'HEALTH', 'PROBATION', 'ADVOCACY', 'CPS', 'LOCAL_AUTHORITY'];
export const ROLES: Role[] = [
  'CLINIC_CHAIR',
  'CLINIC_COORDINATOR',
  'POLICE_SPOC',
  'MH_CLINICIAN',
  'PROBATION_OFFICER',
  'VICTIM_ADVOCATE',
  'CPS_CONSULTEE',
  'AUDITOR_DPO',
  'SYSTEM_ADMIN',
];
export const CLINIC_ROLES = ['CLINIC_CHAIR', 'CLINIC_COORDINATOR'];
const CADENCES: ClinicCadence[] = ['WEEKLY', 'FORTNIGHTLY', 'MONTHLY'];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];

/** The checks an agency's or a clinic's name and code share (fields `<what>-name`, `<what>-code`). */
function nameAndCodeErrors(what: 'agency' | 'clinic', name: string, code: string) {
  const local = [];
  if (!name.trim()) local.push({ field: `${what}-name`, message: `Enter the ${what}’s name` });
  if (!/^[A-Z0-9]{2,12}$/.test(code.trim()))
    local.push({ field: `${what}-code`, message: 'Enter a code of 2 to 12 capital letters or numbers' });
  return local;
}

export function ClinicForm({ onDone }: { onDone: (m: string) => unknown }) {
  const [create] = useMutation(CREATE_CLINIC);
  const form = useApiForm({ code: 'clinic-code', name: 'clinic-name', meetingWeekday: 'clinic-weekday' });
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [cadence, setCadence] = useState<string>('FORTNIGHTLY');
  const [weekday, setWeekday] = useState('2');
  return (
    <form
      noValidate
      className="govuk-!-margin-bottom-8"
      onSubmit={async (e) => {
        e.preventDefault();
        const local = nameAndCodeErrors('clinic', name, code);
        const ok = await form.submit(local, () =>
          create({
            variables: {
              input: {
                code: code.trim(),
                name: name.trim(),
                cadence: cadence as ClinicCadence,
                meetingWeekday: Number(weekday),
              },
            },
          }),
        );
        if (ok) {
          setCode('');
          setName('');
          await onDone('Clinic added');
        } else if (form.lastKind() === 'conflict')
          form.setErrors([{ field: 'clinic-code', message: 'A clinic with that code exists' }]);
      }}
    >
      <h2 className="govuk-heading-m">Add a clinic</h2>
      <ErrorSummary errors={form.errors} />
      <TextInput
        id="clinic-name"
        label="Clinic name"
        value={name}
        onChange={setName}
        error={errorFor(form.errors, 'clinic-name')}
      />
      <TextInput
        id="clinic-code"
        label="Clinic code"
        width="10"
        value={code}
        onChange={setCode}
        error={errorFor(form.errors, 'clinic-code')}
      />
      <Select
        id="clinic-cadence"
        label="How often it meets"
        value={cadence}
        onChange={setCadence}
        options={CADENCES.map((c) => ({ value: c, text: label(c) }))}
      />
      <Select
        id="clinic-weekday"
        label="Day it meets"
        value={weekday}
        onChange={setWeekday}
        error={errorFor(form.errors, 'clinic-weekday')}
        options={WEEKDAYS.map((d, i) => ({ value: String(i + 1), text: d }))}
      />
      <Button secondary disabled={form.busy}>
        Add the clinic
      </Button>
    </form>
  );
}

export function AgencyForm({ onDone }: { onDone: (m: string) => unknown }) {
  const [create] = useMutation(CREATE_AGENCY);
  const form = useApiForm({ code: 'agency-code', name: 'agency-name', type: 'agency-type' });
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [type, setType] = useState('POLICE');
  return (
    <form
      noValidate
      className="govuk-!-margin-bottom-8"
      onSubmit={async (e) => {
        e.preventDefault();
        const local = nameAndCodeErrors('agency', name, code);
        const ok = await form.submit(local, () =>
          create({
            variables: { input: { code: code.trim(), name: name.trim(), type: type as AgencyType } },
          }),
        );
        if (ok) {
          setCode('');
          setName('');
          await onDone('Agency added');
        }
      }}
    >
      <h2 className="govuk-heading-m">Add an agency</h2>
      <ErrorSummary errors={form.errors} />
      <TextInput
        id="agency-name"
        label="Name"
        value={name}
        onChange={setName}
        error={errorFor(form.errors, 'agency-name')}
      />
      <TextInput
        id="agency-code"
        label="Code"
        width="10"
        value={code}
        onChange={setCode}
        error={errorFor(form.errors, 'agency-code')}
      />
      <Select
        id="agency-type"
        label="Type"
        value={type}
        onChange={setType}
        options={AGENCY_TYPES.map((t) => ({ value: t, text: label(t) }))}
      />
      <Button secondary disabled={form.busy}>
        Add the agency
      </Button>
    </form>
  );
}

export function UserForm({
  agencies,
  clinics,
  onDone,
}: {
  agencies: { id: string; name: string }[];
  clinics: { id: string; name: string }[];
  onDone: (m: string) => unknown;
}) {
  const [create] = useMutation(CREATE_USER);
  const form = useApiForm({
    username: 'user-name',
    displayName: 'user-display',
    agencyId: 'user-agency',
    roles: 'user-roles',
  });
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [agencyId, setAgencyId] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const [clinicId, setClinicId] = useState(clinics[0]?.id ?? '');
  return (
    <form
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const local = [];
        if (!username.trim()) local.push({ field: 'user-name', message: 'Enter a username' });
        if (!displayName.trim()) local.push({ field: 'user-display', message: 'Enter the person’s name' });
        if (!agencyId) local.push({ field: 'user-agency', message: 'Select the person’s agency' });
        if (!roles.length) local.push({ field: 'user-roles', message: 'Select at least one role' });
        const ok = await form.submit(local, () =>
          create({
            variables: {
              input: {
                username: username.trim(),
                displayName: displayName.trim(),
                agencyId,
                roles: roles.map((r) => ({
                  role: r as Role,
                  clinicId: CLINIC_ROLES.includes(r) ? clinicId : undefined,
                })),
              },
            },
          }),
        );
        if (ok) {
          setUsername('');
          setDisplayName('');
          setRoles([]);
          await onDone('User added');
        }
      }}
    >
      <h2 className="govuk-heading-m">Add a user</h2>
      <ErrorSummary errors={form.errors} />
      <TextInput
        id="user-display"
        label="Name"
        value={displayName}
        onChange={setDisplayName}
        error={errorFor(form.errors, 'user-display')}
      />
      <TextInput
        id="user-name"
        label="Username"
        width="20"
        value={username}
        onChange={setUsername}
        error={errorFor(form.errors, 'user-name')}
      />
      <Select
        id="user-agency"
        label="Agency"
        value={agencyId}
        onChange={setAgencyId}
        error={errorFor(form.errors, 'user-agency')}
        options={[
          { value: '', text: 'Choose an agency' },
          ...agencies.map((a) => ({ value: a.id, text: a.name })),
        ]}
      />
      <Checkboxes
        id="user-roles"
        label="Roles"
        values={roles}
        onChange={setRoles}
        error={errorFor(form.errors, 'user-roles')}
        options={ROLES.map((r) => ({ value: r, text: label(r) }))}
      />
      {roles.some((r) => CLINIC_ROLES.includes(r)) && (
        <Select
          id="user-clinic"
          label="Clinic (for the chair and coordinator roles)"
          value={clinicId}
          onChange={setClinicId}
          options={clinics.map((c) => ({ value: c.id, text: c.name }))}
        />
      )}
      <Button secondary disabled={form.busy}>
        Add the user
      </Button>
    </form>
  );
}
