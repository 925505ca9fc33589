/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MockLink } from '@apollo/client/testing';
import {
  AdminDirectoryDocument,
  CreateClinicDocument,
  SetClinicMemberDocument,
  UpdateAgencyDocument,
  UpdateUserDocument,
  type AdminDirectoryQuery,
} from '../../generated/graphql';
import type { Me } from '../../lib/me';
import {
  axeViolations,
  POLICE,
  mutationMock,
  renderPage,
  summaryLinks,
  typeDate,
} from '../../testing/render-page';
import { AdminPage } from './admin';

const ADMIN: Me = {
  ...POLICE,
  userId: 'u-admin',
  displayName: 'Admin One',
  roles: ['SYSTEM_ADMIN'],
  agency: { id: 'ag-council', name: 'Council A', type: 'LOCAL_AUTHORITY' },
};

const DIRECTORY: AdminDirectoryQuery = {
  agencies: [
    { id: 'ag-police', code: 'PA', name: 'Police force A', type: 'POLICE', active: true, version: 4 },
    { id: 'ag-health', code: 'HA', name: 'Health trust A', type: 'HEALTH', active: true, version: 1 },
  ],
  clinics: [
    {
      id: 'cl-1',
      code: 'NORTH',
      name: 'North clinic',
      cadence: 'FORTNIGHTLY',
      active: true,
      members: [{ agency: { id: 'ag-police', name: 'Police force A' }, isaSignedOn: '2026-01-05' }],
    },
  ],
  users: {
    nodes: [
      {
        id: 'u-police-1',
        username: 'spoc.pa',
        displayName: 'Officer One',
        email: 'spoc@example.org',
        active: true,
        version: 7,
        agency: { id: 'ag-police', name: 'Police force A' },
        roles: [{ role: 'POLICE_SPOC', clinicId: null }],
      },
      {
        id: 'u-admin',
        username: 'admin.ca',
        displayName: 'Admin One',
        email: null,
        active: true,
        version: 2,
        agency: { id: 'ag-council', name: 'Council A' },
        roles: [{ role: 'SYSTEM_ADMIN', clinicId: null }],
      },
    ],
    endCursor: null,
    hasNextPage: false,
  },
};

const directory: MockLink.MockedResponse = {
  request: { query: AdminDirectoryDocument, variables: () => true },
  result: { data: DIRECTORY },
  maxUsageCount: Number.POSITIVE_INFINITY,
};

const USER_ANSWER = {
  __typename: 'User',
  id: 'u-police-1',
  displayName: 'Officer One',
  email: 'spoc@example.org',
  active: false,
  version: 8,
  roles: [{ __typename: 'UserRole', role: 'POLICE_SPOC', clinicId: null }],
};

async function openUser(user: ReturnType<typeof userEvent.setup>, name: string) {
  await user.click(await screen.findByRole('button', { name: `Change ${name}` }));
  return screen.getByRole('region', { name: `Change ${name}` });
}

describe('web: the system admin changes users, agencies and clinics', () => {
  it('renames a user at the version read, and shows the conflict when someone else changed them', async () => {
    const user = userEvent.setup();
    const sent: Record<string, unknown>[] = [];
    const conflict = [{ message: 'Version conflict', extensions: { code: 'CONFLICT' } }];
    renderPage(<AdminPage />, {
      me: ADMIN,
      mocks: [directory, mutationMock(UpdateUserDocument, 'updateUser', sent, conflict)],
    });
    const panel = await openUser(user, 'Officer One');
    const name = within(panel).getByRole('textbox', { name: 'Name' });
    await user.clear(name);
    await user.click(within(panel).getByRole('button', { name: 'Save the details' }));
    expect(summaryLinks(panel)).toEqual([['Enter the person’s name', '#edit-user-display']]);
    expect(sent).toEqual([]);
    await user.type(name, 'Officer Two');
    await user.click(within(panel).getByRole('button', { name: 'Save the details' }));
    await within(panel).findByText('Someone else changed this record while you were working on it');
    expect(sent).toEqual([
      { id: 'u-police-1', expectedVersion: 7, displayName: 'Officer Two', email: 'spoc@example.org' },
    ]);
  });

  it('changes another user’s roles and deactivates them', async () => {
    const user = userEvent.setup();
    const sent: Record<string, unknown>[] = [];
    const { container } = renderPage(<AdminPage />, {
      me: ADMIN,
      mocks: [directory, mutationMock(UpdateUserDocument, 'updateUser', sent, USER_ANSWER)],
    });
    const panel = await openUser(user, 'Officer One');
    expect(await axeViolations(container)).toEqual([]);
    await user.click(within(panel).getByRole('checkbox', { name: 'Clinic chair' }));
    await user.click(within(panel).getByRole('button', { name: 'Save the roles' }));
    await screen.findByText('Officer One’s roles changed');
    expect(sent[0]).toEqual({
      id: 'u-police-1',
      expectedVersion: 7,
      roles: [
        { role: 'POLICE_SPOC', clinicId: undefined },
        { role: 'CLINIC_CHAIR', clinicId: 'cl-1' },
      ],
    });
    const again = await openUser(user, 'Officer One');
    await user.click(within(again).getByRole('button', { name: 'Deactivate Officer One' }));
    await screen.findByText('Officer One deactivated');
    expect(sent[1]).toEqual({ id: 'u-police-1', expectedVersion: 7, active: false });
  });

  it('does not offer an admin their own roles or deactivation, and says why', async () => {
    const user = userEvent.setup();
    renderPage(<AdminPage />, { me: ADMIN, mocks: [directory] });
    const panel = await openUser(user, 'Admin One');
    expect(within(panel).getByText(/You cannot change your own roles/)).toBeInTheDocument();
    expect(within(panel).queryByRole('group', { name: 'Roles' })).not.toBeInTheDocument();
    expect(within(panel).queryByRole('button', { name: /Deactivate/ })).not.toBeInTheDocument();
  });

  it('edits an agency at its version and makes it inactive', async () => {
    const user = userEvent.setup();
    const sent: Record<string, unknown>[] = [];
    renderPage(<AdminPage />, {
      me: ADMIN,
      mocks: [
        directory,
        mutationMock(UpdateAgencyDocument, 'updateAgency', sent, {
          __typename: 'Agency',
          id: 'ag-health',
          name: 'Health trust B',
          active: false,
          version: 2,
        }),
      ],
    });
    await user.click(await screen.findByRole('button', { name: 'Change Health trust A' }));
    const name = screen.getByRole('textbox', { name: 'Agency name' });
    await user.clear(name);
    await user.type(name, 'Health trust B');
    await user.click(screen.getByRole('radio', { name: 'No' }));
    await user.click(screen.getByRole('button', { name: 'Save the agency' }));
    await screen.findByText('Health trust B changed');
    expect(sent).toEqual([{ id: 'ag-health', expectedVersion: 1, name: 'Health trust B', active: false }]);
  });

  it('adds an agency to a clinic with the date it signed the agreement', async () => {
    const user = userEvent.setup();
    const sent: Record<string, unknown>[] = [];
    renderPage(<AdminPage />, {
      me: ADMIN,
      mocks: [directory, mutationMock(SetClinicMemberDocument, 'setClinicMember', sent, { id: 'cl-1' })],
    });
    await user.click(await screen.findByRole('button', { name: 'Change North clinic members' }));
    await user.click(screen.getByRole('button', { name: 'Add the member' }));
    expect(summaryLinks()).toEqual([['Select an agency', '#member-agency']]);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Member agency' }), 'Health trust A');
    await typeDate(user, 'Date it signed the information sharing agreement', '31', '2', '2026');
    await user.click(screen.getByRole('button', { name: 'Add the member' }));
    expect(summaryLinks()).toEqual([
      ['The date the agreement was signed must be a real date', '#member-isa'],
    ]);
    await typeDate(user, 'Date it signed the information sharing agreement', '3', '2', '2026');
    await user.click(screen.getByRole('button', { name: 'Add the member' }));
    await screen.findByText('Health trust A is a member of North clinic');
    expect(sent).toEqual([{ clinicId: 'cl-1', agencyId: 'ag-health', isaSignedOn: '2026-02-03' }]);
  });

  it('creates a clinic, and names the clash when its code is taken', async () => {
    const user = userEvent.setup();
    const sent: Record<string, unknown>[] = [];
    renderPage(<AdminPage />, {
      me: ADMIN,
      mocks: [
        directory,
        mutationMock(CreateClinicDocument, 'createClinic', sent, [
          { message: 'A clinic with that code exists', extensions: { code: 'CONFLICT' } },
        ]),
      ],
    });
    await user.type(await screen.findByRole('textbox', { name: 'Clinic name' }), 'South clinic');
    await user.type(screen.getByRole('textbox', { name: 'Clinic code' }), 'NORTH');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Day it meets' }), 'Thursday');
    await user.click(screen.getByRole('button', { name: 'Add the clinic' }));
    await waitFor(() => expect(summaryLinks()).toEqual([['A clinic with that code exists', '#clinic-code']]));
    expect(sent).toEqual([
      { code: 'NORTH', name: 'South clinic', cadence: 'FORTNIGHTLY', meetingWeekday: 4 },
    ]);
  });
});
