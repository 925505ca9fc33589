import { useState } from 'react';
import { useQuery } from '@apollo/client/react';
import { graphql } from '../../generated';
import type { AdminDirectoryQuery } from '../../generated/graphql';
import { Button, Loading, NotificationBanner, Pager, Table, Tag } from '../../components/govuk';
import { WidePage } from '../../components/page';
import { label } from '../../lib/labels';
import { AgencyForm, ClinicForm, UserForm } from './create-forms';
import { EditAgency } from './edit-agency';
import { ClinicMembers } from './clinic-members';
import { EditUser } from './edit-user';

const DIRECTORY = graphql(`
  query AdminDirectory($after: String) {
    agencies {
      id
      code
      name
      type
      active
      version
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
        email
        active
        version
        agency {
          id
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

export type DirectoryUser = AdminDirectoryQuery['users']['nodes'][number];
export type DirectoryAgency = AdminDirectoryQuery['agencies'][number];
export type DirectoryClinic = AdminDirectoryQuery['clinics'][number];

const ACTIONS = (
  <span key="a" className="govuk-visually-hidden">
    Actions
  </span>
);

type Editing = { kind: 'user' | 'agency' | 'clinic'; id: string } | null;

/** A button in a table row that opens the row's change form; its name says which row. */
function ChangeButton({ name, onClick }: { name: string; onClick: () => void }) {
  return (
    <button
      type="button"
      className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
      onClick={onClick}
    >
      Change<span className="govuk-visually-hidden"> {name}</span>
    </button>
  );
}

/** System admin: agencies, clinics, users and roles. No case content. */
export function AdminPage() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const { data, loading, refetch } = useQuery(DIRECTORY, {
    variables: { after: cursors[cursors.length - 1] },
  });
  const [flash, setFlash] = useState<string>();
  const [editing, setEditing] = useState<Editing>(null);
  if (loading && !data) return <Loading what="directory" />;
  const agencies = data?.agencies ?? [];
  const clinics = data?.clinics ?? [];
  const users = data?.users.nodes ?? [];
  const clinicName = (id?: string | null) => clinics.find((c) => c.id === id)?.name;
  const done = async (m: string) => {
    await refetch();
    setEditing(null);
    setFlash(m);
  };
  const open = (kind: 'user' | 'agency' | 'clinic', id: string) => {
    setFlash(undefined);
    setEditing({ kind, id });
  };
  const editedUser = editing?.kind === 'user' ? users.find((u) => u.id === editing.id) : undefined;
  const editedAgency = editing?.kind === 'agency' ? agencies.find((a) => a.id === editing.id) : undefined;
  const editedClinic = editing?.kind === 'clinic' ? clinics.find((c) => c.id === editing.id) : undefined;
  const cancel = (
    <Button secondary type="button" onClick={() => setEditing(null)}>
      Cancel
    </Button>
  );
  return (
    <WidePage title="Administration">
      {flash && <NotificationBanner success heading={flash} />}
      <Table
        caption="Agencies"
        head={['Name', 'Code', 'Type', 'Status', ACTIONS]}
        rows={agencies.map((a) => [
          a.name,
          a.code,
          label(a.type),
          <Tag key="s" code={a.active ? 'ACTIVE' : 'CLOSED'} text={a.active ? 'Active' : 'Inactive'} />,
          <ChangeButton key="c" name={a.name} onClick={() => open('agency', a.id)} />,
        ])}
      />
      {editedAgency && <EditAgency agency={editedAgency} onDone={done} cancel={cancel} />}
      <AgencyForm onDone={done} />
      <Table
        caption="Clinics"
        head={['Name', 'Meets', 'Members (information sharing agreement)', ACTIONS]}
        rows={clinics.map((c) => [
          c.name,
          label(c.cadence),
          (c.members ?? [])
            .map((m) => `${m.agency.name} (${m.isaSignedOn ? `signed ${m.isaSignedOn}` : 'not signed'})`)
            .join(', '),
          <ChangeButton key="c" name={`${c.name} members`} onClick={() => open('clinic', c.id)} />,
        ])}
      />
      {editedClinic && (
        <ClinicMembers clinic={editedClinic} agencies={agencies} onDone={done} cancel={cancel} />
      )}
      <ClinicForm onDone={done} />
      <Table
        caption="Users and roles"
        head={['Name', 'Username', 'Agency', 'Roles', 'Status', ACTIONS]}
        rows={users.map((u) => [
          u.displayName,
          u.username ?? '',
          u.agency?.name ?? '',
          (u.roles ?? [])
            .map((r) => `${label(r.role)}${r.clinicId ? ` (${clinicName(r.clinicId) ?? 'clinic'})` : ''}`)
            .join(', '),
          <Tag key="s" code={u.active ? 'ACTIVE' : 'CLOSED'} text={u.active ? 'Active' : 'Inactive'} />,
          <ChangeButton key="c" name={u.displayName} onClick={() => open('user', u.id)} />,
        ])}
      />
      <Pager
        hasPrevious={cursors.length > 1}
        hasNext={Boolean(data?.users.hasNextPage)}
        onPrevious={() => setCursors((c) => c.slice(0, -1))}
        onNext={() => setCursors((c) => [...c, data?.users.endCursor ?? null])}
      />
      {editedUser && <EditUser user={editedUser} clinics={clinics} onDone={done} cancel={cancel} />}
      <UserForm agencies={agencies} clinics={clinics} onDone={done} />
    </WidePage>
  );
}
