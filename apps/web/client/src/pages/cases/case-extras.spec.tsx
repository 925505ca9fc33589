/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MockLink } from '@apollo/client/testing';
import {
  AddParticipantDocument,
  AddPersonDocument,
  CaseBriefDocument,
  CasePeopleDocument,
  EndParticipationDocument,
  EscalateCaseDocument,
  UpdatePersonDocument,
  RecordClosureVictimViewDocument,
  ReopenCaseAsRepeatDocument,
  type CaseBriefQuery,
  type CasePageQuery,
} from '../../generated/graphql';
import type { Me } from '../../lib/me';
import {
  ADVOCATE,
  axeViolations,
  CHAIR,
  COORDINATOR,
  CPS,
  POLICE,
  mutationMock,
  renderPage,
  summaryLinks,
  typeDate,
} from '../../testing/render-page';
import { caseExtras } from './case-extras';
import { ClosureVictimViewPage } from './closure-victim-view';
import { EscalateCasePage } from './escalate-case';
import { ParticipantsPage } from './participants';
import { PersonPage } from './person-form';
import { ReopenCasePage } from './reopen-case';

const participant = (agencyId: string, name: string, roleInCase = 'PARTNER') => ({
  __typename: 'Participant' as const,
  id: `p-${agencyId}`,
  agency: { __typename: 'Agency' as const, id: agencyId, name },
  roleInCase,
  leftAt: null,
});

const brief = (status = 'ACTIVE'): CaseBriefQuery =>
  ({
    case: {
      __typename: 'Case',
      id: 'case-1',
      reference: 'SC-0001',
      version: 5,
      status,
      leadAgency: { __typename: 'Agency', id: 'ag-police' },
      participants: [
        participant('ag-police', 'Police force A', 'LEAD'),
        participant('ag-advocacy', 'Advocacy service A'),
      ],
    },
    agencies: [
      { __typename: 'Agency', id: 'ag-police', name: 'Police force A', active: true },
      { __typename: 'Agency', id: 'ag-advocacy', name: 'Advocacy service A', active: true },
      { __typename: 'Agency', id: 'ag-health', name: 'Health trust A', active: true },
    ],
  }) as unknown as CaseBriefQuery;

/** The case as the forms read it; `reads` counts the answers given (a refetch is one more). */
const briefMock = (status?: string, reads: { n: number } = { n: 0 }): MockLink.MockedResponse => ({
  request: { query: CaseBriefDocument, variables: { id: 'case-1' } },
  result: () => {
    reads.n += 1;
    return { data: brief(status) };
  },
  maxUsageCount: Number.POSITIVE_INFINITY,
});

const at = (
  page: React.ReactElement,
  route: string,
  path: string,
  me: Me,
  mocks: MockLink.MockedResponse[],
) => renderPage(page, { me, mocks, route, path });

describe('web: what the case page offers beyond the everyday forms', () => {
  const c = (status: string, participants: ReturnType<typeof participant>[]) =>
    ({ id: 'case-1', status, participants, reopenedAs: null }) as unknown as NonNullable<
      CasePageQuery['case']
    >;
  const taking = [
    participant('ag-police', 'Police force A', 'LEAD'),
    participant('ag-advocacy', 'Advocacy A'),
  ];

  it('offers each link only to the roles the API lets do it', () => {
    const may = (me: Me, status = 'ACTIVE', p = taking) => {
      const x = caseExtras(c(status, p), me);
      return {
        escalate: x.escalate,
        reopen: x.reopen,
        participants: x.participants,
        view: x.closureView,
        people: x.people,
      };
    };
    expect(may(POLICE)).toEqual({
      escalate: true,
      reopen: false,
      participants: false,
      view: false,
      people: true,
    });
    expect(may(POLICE, 'ACTIVE', [])).toEqual({
      escalate: false,
      reopen: false,
      participants: false,
      view: false,
      people: false,
    });
    expect(may(CHAIR)).toEqual({
      escalate: true,
      reopen: false,
      participants: true,
      view: false,
      people: false,
    });
    expect(may(COORDINATOR)).toEqual({
      escalate: false,
      reopen: false,
      participants: true,
      view: false,
      people: false,
    });
    expect(may(ADVOCATE)).toEqual({
      escalate: false,
      reopen: false,
      participants: false,
      view: true,
      people: true,
    });
    expect(may(CPS)).toEqual({
      escalate: false,
      reopen: false,
      participants: false,
      view: false,
      people: false,
    });
    expect(may(COORDINATOR, 'CLOSED')).toMatchObject({ reopen: true, participants: false });
    expect(may(POLICE, 'CLOSED')).toMatchObject({ escalate: false, people: false, reopen: false });
  });
});

describe('web: escalating a case', () => {
  it('asks for the MAPPA level, sends the version read and shows the conflict', async () => {
    const user = userEvent.setup();
    const sent: Record<string, unknown>[] = [];
    const reads = { n: 0 };
    const { container } = at(<EscalateCasePage />, '/cases/:id/escalate', '/cases/case-1/escalate', POLICE, [
      briefMock(undefined, reads),
      mutationMock(EscalateCaseDocument, 'escalateCase', sent, [
        { message: 'Conflict', extensions: { code: 'CONFLICT' } },
      ]),
    ]);
    await screen.findByRole('heading', { level: 1, name: 'Escalate to MAPPA or MARAC' });
    await user.click(screen.getByRole('button', { name: 'Escalate the case' }));
    expect(summaryLinks().map(([t]) => t)).toEqual([
      'Select MAPPA or MARAC',
      'Enter the reference they gave',
      'Enter the date of the escalation',
    ]);
    await user.click(screen.getByRole('radio', { name: /^MAPPA/ }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'MAPPA level' }), 'Level 2');
    await user.type(screen.getByRole('textbox', { name: 'Their reference' }), 'MAPPA/2026/17');
    await typeDate(user, 'Date of the escalation', '1', '12', '2026');
    expect(await axeViolations(container)).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Escalate the case' }));
    await screen.findByText('The case changed while you were escalating it. Check it and send again.');
    // The newer version is read again, for the next attempt.
    await waitFor(() => expect(reads.n).toBe(2));
    expect(sent).toEqual([
      {
        caseId: 'case-1',
        expectedVersion: 5,
        target: 'MAPPA',
        mappaLevel: 2,
        externalReference: 'MAPPA/2026/17',
        escalatedOn: '2026-12-01',
      },
    ]);
  });
});

describe('web: the victim’s view of closure', () => {
  it('records the view, or why the victim could not be asked, and shows the API’s refusal', async () => {
    const user = userEvent.setup();
    const sent: Record<string, unknown>[] = [];
    at(<ClosureVictimViewPage />, '/cases/:id/closure-view', '/cases/case-1/closure-view', ADVOCATE, [
      briefMock(),
      mutationMock(RecordClosureVictimViewDocument, 'recordClosureVictimView', sent, [
        {
          message: 'The text looks like it holds a phone number',
          extensions: { code: 'BAD_USER_INPUT', field: 'input.notContactableReason' },
        },
      ]),
    ]);
    await user.click(await screen.findByRole('radio', { name: 'No' }));
    await user.click(screen.getByRole('button', { name: 'Record the view' }));
    expect(summaryLinks()).toEqual([['Enter why the victim could not be asked', '#not-contactable']]);
    await user.type(
      screen.getByRole('textbox', { name: 'Why could the victim not be asked?' }),
      'Call 07700 900123',
    );
    await user.click(screen.getByRole('button', { name: 'Record the view' }));
    await waitFor(() =>
      expect(summaryLinks()).toEqual([['The text looks like it holds a phone number', '#not-contactable']]),
    );
    expect(sent).toEqual([{ caseId: 'case-1', notContactableReason: 'Call 07700 900123' }]);
  });
});

describe('web: reopening a closed case as a repeat', () => {
  it('carries over the agencies chosen and goes to the new case', async () => {
    const user = userEvent.setup();
    const sent: Record<string, unknown>[] = [];
    at(<ReopenCasePage />, '/cases/:id/reopen', '/cases/case-1/reopen', COORDINATOR, [
      briefMock('CLOSED'),
      mutationMock(ReopenCaseAsRepeatDocument, 'reopenCaseAsRepeat', sent, {
        __typename: 'Case',
        id: 'case-2',
        reference: 'SC-0002',
      }),
    ]);
    await screen.findByRole('heading', { level: 1, name: 'Reopen as a repeat case' });
    await user.type(screen.getByRole('textbox', { name: /What has been reported/ }), 'Short');
    await user.click(screen.getByRole('checkbox', { name: 'Police force A' }));
    await user.click(screen.getByRole('button', { name: 'Reopen the case' }));
    expect(summaryLinks().map(([, href]) => href)).toEqual(['#reason', '#lead']);
    await user.type(screen.getByRole('textbox', { name: /What has been reported/ }), ' — new messages since');
    await user.click(screen.getByRole('checkbox', { name: 'Police force A' }));
    await user.click(screen.getByRole('radio', { name: 'No' }));
    await user.click(screen.getByRole('button', { name: 'Reopen the case' }));
    await screen.findByText('Case page: Case SC-0002 opened as a repeat of SC-0001');
    expect(sent).toEqual([
      {
        caseId: 'case-1',
        reason: 'Short — new messages since',
        participantAgencyIds: ['ag-advocacy', 'ag-police'],
        leadAgencyId: 'ag-police',
        carryOverPeople: false,
      },
    ]);
  });
});

describe('web: the agencies taking part', () => {
  it('adds an agency with a rationale when consent is not the basis, and ends another’s part', async () => {
    const user = userEvent.setup();
    const added: Record<string, unknown>[] = [];
    const ended: Record<string, unknown>[] = [];
    const reads = { n: 0 };
    const { container } = at(
      <ParticipantsPage />,
      '/cases/:id/participants',
      '/cases/case-1/participants',
      CHAIR,
      [
        briefMock(undefined, reads),
        mutationMock(AddParticipantDocument, 'addParticipant', added, {
          __typename: 'Case',
          id: 'case-1',
          version: 6,
        }),
        mutationMock(EndParticipationDocument, 'endParticipation', ended, {
          __typename: 'Case',
          id: 'case-1',
          version: 7,
        }),
      ],
    );
    await screen.findByRole('heading', { level: 1, name: 'Agencies taking part' });
    expect(await axeViolations(container)).toEqual([]);
    // Agencies already taking part are not offered; the lead cannot be ended.
    expect(screen.getByRole('combobox', { name: 'Agency' })).toHaveTextContent('Health trust A');
    expect(screen.getByRole('combobox', { name: 'Agency' })).not.toHaveTextContent('Police force A');
    expect(screen.getByRole('combobox', { name: 'Agency whose part ends' })).not.toHaveTextContent(
      'Police force A',
    );
    await user.selectOptions(screen.getByRole('combobox', { name: 'Agency' }), 'Health trust A');
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Basis for sharing information with it' }),
      'STATUTORY_GATEWAY',
    );
    await user.click(screen.getByRole('button', { name: 'Add the agency' }));
    expect(summaryLinks()).toEqual([['Enter why information is shared without consent', '#rationale']]);
    await user.type(
      screen.getByRole('textbox', { name: /shared without consent/ }),
      'Crime and Disorder Act s115',
    );
    await user.click(screen.getByRole('button', { name: 'Add the agency' }));
    await screen.findByText('Health trust A now takes part');
    expect(added).toEqual([
      {
        caseId: 'case-1',
        agencyId: 'ag-health',
        roleInCase: 'PARTNER',
        sharingBasis: 'STATUTORY_GATEWAY',
        basisRationale: 'Crime and Disorder Act s115',
      },
    ]);
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Agency whose part ends' }),
      'Advocacy service A',
    );
    await user.type(
      screen.getByRole('textbox', { name: 'Why does its part end?' }),
      'Victim moved out of area',
    );
    await user.click(screen.getByRole('button', { name: 'End its part' }));
    await screen.findByText('Advocacy service A no longer takes part');
    expect(ended).toEqual([
      { caseId: 'case-1', agencyId: 'ag-advocacy', reason: 'Victim moved out of area' },
    ]);
  });
});

describe('web: adding a person', () => {
  it('offers an advocate victims and third parties only, and sends what was typed', async () => {
    const user = userEvent.setup();
    const sent: Record<string, unknown>[] = [];
    at(<PersonPage />, '/cases/:id/people/:personId', '/cases/case-1/people/new', ADVOCATE, [
      {
        request: { query: CasePeopleDocument, variables: { id: 'case-1' } },
        result: {
          data: {
            case: { __typename: 'Case', id: 'case-1', reference: 'SC-0001', subject: null, victims: [] },
          },
        },
      },
      mutationMock(AddPersonDocument, 'addPerson', sent, { __typename: 'Recorded', id: 'pp-1' }),
    ]);
    await screen.findByRole('heading', { level: 1, name: 'Add a person' });
    expect(screen.queryByRole('radio', { name: 'Subject' })).toBeNull();
    await user.click(screen.getByRole('radio', { name: 'Victim' }));
    await user.type(
      screen.getByRole('textbox', { name: 'Relationship to the subject (optional)' }),
      'Neighbour',
    );
    await typeDate(user, 'Date of birth (optional)', '30', '2', '1990');
    await user.click(screen.getByRole('button', { name: 'Add the person' }));
    expect(summaryLinks()).toEqual([['The date of birth must be a real date', '#dob']]);
    await typeDate(user, 'Date of birth (optional)', '', '', '');
    await user.click(screen.getByRole('button', { name: 'Add the person' }));
    await screen.findByText('Case page: Victim added');
    expect(sent).toEqual([{ caseId: 'case-1', role: 'VICTIM', relationshipToSubject: 'Neighbour' }]);
  });
});

describe('web: changing a person’s details', () => {
  it('sends the subject’s changed name at the version read, and shows the conflict', async () => {
    const user = userEvent.setup();
    const sent: Record<string, unknown>[] = [];
    at(<PersonPage />, '/cases/:id/people/:personId', '/cases/case-1/people/s-1', POLICE, [
      {
        request: { query: CasePeopleDocument, variables: { id: 'case-1' } },
        result: {
          data: {
            case: {
              __typename: 'Case',
              id: 'case-1',
              reference: 'SC-0001',
              subject: {
                __typename: 'Subject',
                id: 's-1',
                version: 4,
                givenName: 'Sam',
                familyName: 'Subject',
                dateOfBirth: '1980-04-01',
              },
              victims: [],
            },
          },
        },
        maxUsageCount: Number.POSITIVE_INFINITY,
      },
      mutationMock(UpdatePersonDocument, 'updatePerson', sent, [
        { message: 'Conflict', extensions: { code: 'CONFLICT' } },
      ]),
    ]);
    await screen.findByRole('heading', { level: 1, name: 'Change the details of the subject' });
    expect(screen.queryByRole('radio')).toBeNull();
    const family = screen.getByRole('textbox', { name: 'Family name (optional)' });
    await user.clear(family);
    await user.type(family, 'Subjectson');
    await user.click(screen.getByRole('button', { name: 'Save the details' }));
    await screen.findByText(/Someone else changed these details/);
    expect(sent).toEqual([
      {
        id: 's-1',
        expectedVersion: 4,
        givenName: 'Sam',
        familyName: 'Subjectson',
        dateOfBirth: '1980-04-01',
      },
    ]);
  });
});
