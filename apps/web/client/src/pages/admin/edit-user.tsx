import { useState, type ReactNode } from 'react';
import { useMutation } from '@apollo/client/react';
import { graphql } from '../../generated';
import type { Role, UpdateUserInput } from '../../generated/graphql';
import {
  Button,
  Checkboxes,
  ErrorSummary,
  errorFor,
  InsetText,
  Select,
  TextInput,
} from '../../components/govuk';
import { label } from '../../lib/labels';
import { useMe } from '../../lib/me';
import { useApiForm } from '../../lib/use-api-form';
import { CLINIC_ROLES, ROLES } from './create-forms';
import type { DirectoryClinic, DirectoryUser } from './admin';

const UPDATE_USER = graphql(`
  mutation UpdateUser($input: UpdateUserInput!) {
    updateUser(input: $input) {
      id
      displayName
      email
      active
      version
      roles {
        role
        clinicId
      }
    }
  }
`);

type Change = Omit<UpdateUserInput, 'id' | 'expectedVersion'>;

/**
 * Changes one user: name and email, roles (never one's own: the API refuses it, and the screen
 * says so), and deactivation — a deactivated user cannot sign in, and their session stops working.
 */
export function EditUser({
  user,
  clinics,
  onDone,
  cancel,
}: {
  user: DirectoryUser;
  clinics: DirectoryClinic[];
  onDone: (m: string) => unknown;
  cancel: ReactNode;
}) {
  const me = useMe();
  const self = me.userId === user.id;
  const [update] = useMutation(UPDATE_USER);
  const form = useApiForm({
    displayName: 'edit-user-display',
    email: 'edit-user-email',
    roles: 'edit-user-roles',
  });
  const [displayName, setDisplayName] = useState(user.displayName);
  const [email, setEmail] = useState(user.email ?? '');
  const [roles, setRoles] = useState<string[]>([...new Set((user.roles ?? []).map((r) => r.role))]);
  const [clinicId, setClinicId] = useState(
    user.roles?.find((r) => r.clinicId)?.clinicId ?? clinics[0]?.id ?? '',
  );
  const send = (change: Change, message: string) =>
    form
      .submit([], () =>
        update({ variables: { input: { id: user.id, expectedVersion: user.version ?? 0, ...change } } }),
      )
      .then((ok) => ok && onDone(message));

  return (
    <section aria-labelledby="edit-user-heading" className="govuk-!-margin-bottom-8">
      <h2 className="govuk-heading-m" id="edit-user-heading">
        Change {user.displayName}
      </h2>
      <ErrorSummary errors={form.errors} />
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const local = [];
          if (!displayName.trim())
            local.push({ field: 'edit-user-display', message: 'Enter the person’s name' });
          if (email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim()))
            local.push({ field: 'edit-user-email', message: 'Enter an email address like name@example.org' });
          if (local.length) return form.setErrors(local);
          const change: Change = { displayName: displayName.trim() };
          if (email.trim()) change.email = email.trim();
          await send(change, `${displayName.trim()}’s details changed`);
        }}
      >
        <TextInput
          id="edit-user-display"
          label="Name"
          value={displayName}
          onChange={setDisplayName}
          error={errorFor(form.errors, 'edit-user-display')}
        />
        <TextInput
          id="edit-user-email"
          label="Email address"
          value={email}
          onChange={setEmail}
          error={errorFor(form.errors, 'edit-user-email')}
        />
        <Button disabled={form.busy}>Save the details</Button>
      </form>
      {self ? (
        <InsetText>
          You cannot change your own roles or deactivate yourself. Another system admin must do it.
        </InsetText>
      ) : (
        <>
          <form
            noValidate
            onSubmit={async (e) => {
              e.preventDefault();
              if (!roles.length)
                return form.setErrors([{ field: 'edit-user-roles', message: 'Select at least one role' }]);
              await send(
                {
                  roles: roles.map((r) => ({
                    role: r as Role,
                    clinicId: CLINIC_ROLES.includes(r) ? clinicId : undefined,
                  })),
                },
                `${user.displayName}’s roles changed`,
              );
            }}
          >
            <Checkboxes
              id="edit-user-roles"
              label="Roles"
              values={roles}
              onChange={setRoles}
              error={errorFor(form.errors, 'edit-user-roles')}
              options={ROLES.map((r) => ({ value: r, text: label(r) }))}
            />
            {roles.some((r) => CLINIC_ROLES.includes(r)) && (
              <Select
                id="edit-user-clinic"
                label="Clinic (for the chair and coordinator roles)"
                value={clinicId}
                onChange={setClinicId}
                options={clinics.map((c) => ({ value: c.id, text: c.name }))}
              />
            )}
            <Button disabled={form.busy}>Save the roles</Button>
          </form>
          <h3 className="govuk-heading-s">Access</h3>
          {user.active ? (
            <>
              <p className="govuk-body">
                A deactivated user cannot sign in, and any session they have open stops working.
              </p>
              <Button
                warning
                type="button"
                disabled={form.busy}
                onClick={() => void send({ active: false }, `${user.displayName} deactivated`)}
              >
                Deactivate {user.displayName}
              </Button>
            </>
          ) : (
            <Button
              type="button"
              disabled={form.busy}
              onClick={() => void send({ active: true }, `${user.displayName} reactivated`)}
            >
              Reactivate {user.displayName}
            </Button>
          )}
        </>
      )}
      <div>{cancel}</div>
    </section>
  );
}
