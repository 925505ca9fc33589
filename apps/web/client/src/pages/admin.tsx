import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { graphql } from '../generated';
import type { AgencyType, Role } from '../generated/graphql';
import {
  Button,
  Checkboxes,
  ErrorSummary,
  errorFor,
  Loading,
  NotificationBanner,
  Pager,
  Select,
  Table,
  Tag,
  TextInput,
} from '../components/govuk';
import { WidePage } from '../components/page';
import { label } from '../lib/labels';
import { useApiForm } from '../lib/use-api-form';

const DIRECTORY = graphql(`
  query AdminDirectory($after: String) {
    agencies {
      id
      code
      name
      type
      active
    }
    clinics {
      id
      code
      name
      cadence
      active
      members {
        agency {
          id
          name
        }
        isaSignedOn
      }
    }
    users(first: 25, after: $after) {
      nodes {
        id
        username
        displayName
        active
        agency {
          name
        }
        roles {
          role
          clinicId
        }
      }
      endCursor
      hasNextPage
    }
  }
`);
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
const AGENCY_TYPES: AgencyType[] = ['POLICE', 'HEALTH', 'PROBATION', 'ADVOCACY', 'CPS', 'LOCAL_AUTHORITY'];
const ROLES: Role[] = [
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
const CLINIC_ROLES = ['CLINIC_CHAIR', 'CLINIC_COORDINATOR'];

/** System admin: agencies, clinics, users and roles. No case content. */
export function AdminPage() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const { data, loading, refetch } = useQuery(DIRECTORY, {
    variables: { after: cursors[cursors.length - 1] },
  });
  const [flash, setFlash] = useState<string>();
  if (loading && !data) return <Loading what="directory" />;
  const clinicName = (id?: string | null) => data?.clinics.find((c) => c.id === id)?.name;
  return (
    <WidePage title="Administration">
      {flash && <NotificationBanner success heading={flash} />}
      <Table
        caption="Agencies"
        head={['Name', 'Code', 'Type', 'Status']}
        rows={(data?.agencies ?? []).map((a) => [
          a.name,
          a.code,
          label(a.type),
          <Tag key="s" code={a.active ? 'ACTIVE' : 'CLOSED'} text={a.active ? 'Active' : 'Inactive'} />,
        ])}
      />
      <AgencyForm onDone={async (m) => (await refetch(), setFlash(m))} />
      <Table
        caption="Clinics"
        head={['Name', 'Meets', 'Members (information sharing agreement)']}
        rows={(data?.clinics ?? []).map((c) => [
          c.name,
          label(c.cadence),
          (c.members ?? [])
            .map((m) => `${m.agency.name} (${m.isaSignedOn ? 'signed' : 'not signed'})`)
            .join(', '),
        ])}
      />
      <Table
        caption="Users and roles"
        head={['Name', 'Username', 'Agency', 'Roles', 'Status']}
        rows={(data?.users.nodes ?? []).map((u) => [
          u.displayName,
          u.username ?? '',
          u.agency?.name ?? '',
          (u.roles ?? [])
            .map((r) => `${label(r.role)}${r.clinicId ? ` (${clinicName(r.clinicId) ?? 'clinic'})` : ''}`)
            .join(', '),
          <Tag key="s" code={u.active ? 'ACTIVE' : 'CLOSED'} text={u.active ? 'Active' : 'Inactive'} />,
        ])}
      />
      <Pager
        hasPrevious={cursors.length > 1}
        hasNext={Boolean(data?.users.hasNextPage)}
        onPrevious={() => setCursors((c) => c.slice(0, -1))}
        onNext={() => setCursors((c) => [...c, data?.users.endCursor ?? null])}
      />
      <UserForm
        agencies={data?.agencies ?? []}
        clinics={data?.clinics ?? []}
        onDone={async (m) => (await refetch(), setFlash(m))}
      />
    </WidePage>
  );
}

function AgencyForm({ onDone }: { onDone: (m: string) => unknown }) {
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
        const local = [];
        if (!name.trim()) local.push({ field: 'agency-name', message: 'Enter the agency’s name' });
        if (!/^[A-Z0-9]{2,12}$/.test(code.trim()))
          local.push({ field: 'agency-code', message: 'Enter a code of 2 to 12 capital letters or numbers' });
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

function UserForm({
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
