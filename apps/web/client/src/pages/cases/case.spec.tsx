/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen, within } from '@testing-library/react';
import type { MockLink } from '@apollo/client/testing';
import type { DocumentNode, GraphQLFormattedError, SelectionSetNode } from 'graphql';
import type { CasePageQuery } from '../../generated/graphql';
import type { Me } from '../../lib/me';
import { axeViolations, CHAIR, POLICE, renderPage } from '../../testing/render-page';
import { CASE } from './case-query';
import { CasePage } from './case';

type DeepPartial<T> = T extends (infer U)[]
  ? DeepPartial<U>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> | null }
    : T;

/**
 * The API's answer to `document` with every field that `given` leaves out as null: what a reader
 * who may not see those parts gets. New fields in the query need no change here.
 */
function answer<T>(document: DocumentNode, given: DeepPartial<T>): T {
  const fill = (set: SelectionSetNode | undefined, value: unknown): unknown => {
    if (value === undefined || value === null) return null;
    if (!set) return value;
    if (Array.isArray(value)) return value.map((v) => fill(set, v));
    const object = value as Record<string, unknown>;
    return Object.fromEntries(
      set.selections.flatMap((s) =>
        s.kind === 'Field'
          ? [[s.alias?.value ?? s.name.value, fill(s.selectionSet, object[s.name.value])]]
          : [],
      ),
    );
  };
  const operation = document.definitions.find((d) => d.kind === 'OperationDefinition');
  return fill(operation?.selectionSet, given) as T;
}

const forbidden = (...fields: string[]): GraphQLFormattedError[] =>
  fields.map((f) => ({ message: 'Forbidden', path: ['case', f], extensions: { code: 'FORBIDDEN' } }));

/** What a police SPOC may see of an open case: not the clinicians' formulation, probation's summary or the actions. */
const POLICE_VIEW = answer<CasePageQuery>(CASE, {
  case: {
    id: 'case-1',
    reference: 'SC-0001',
    status: 'ACTIVE',
    tier: 'CLINIC_CASE',
    agreedRiskLevel: 'HIGH',
    nextReviewOn: '2026-12-14',
    createdAt: '2026-11-02T10:00:00Z',
    urgentReviewRequested: false,
    clinic: { id: 'cl-1', name: 'North clinic' },
    leadAgency: { id: 'ag-police', name: 'Police force A' },
    participants: [
      { id: 'p-1', agency: { id: 'ag-police', name: 'Police force A' }, roleInCase: 'LEAD', leftAt: null },
    ],
    subject: { givenName: 'Subject', familyName: 'One', otherNames: [], proximityConcern: true },
    victims: [{ id: 'v-1', alias: 'Victim A', relationshipToSubject: 'Former partner' }],
    assessments: [],
    policeSummary: {
      relevantHistory: 'Two earlier harassment warnings',
      investigationStatus: 'Under investigation',
      bailConditions: 'No contact',
      arrests: 'One',
    },
    orders: [],
    breaches: {
      total: 1,
      nodes: [
        {
          id: 'b-1',
          occurredAt: '2026-11-20T21:15:00Z',
          type: 'CONTACT',
          crimeReference: 'CR/0001/26',
          description: null,
        },
      ],
    },
  },
  agencies: [{ id: 'ag-police', name: 'Police force A' }],
});
const POLICE_VIEW_ERRORS = forbidden('formulation', 'probationSummary', 'actions', 'closure');

const renderCase = (me: Me, mocks: MockLink.MockedResponse[]) =>
  renderPage(<CasePage />, { me, mocks, route: '/cases/:id', path: '/cases/case-1' });

const caseMock = (
  data: CasePageQuery | DeepPartial<CasePageQuery>,
  errors?: GraphQLFormattedError[],
): MockLink.MockedResponse => ({
  request: { query: CASE, variables: { id: 'case-1' } },
  result: { data, errors },
});

const sectionTitles = () =>
  [...document.querySelectorAll('.govuk-summary-card__title')].map((h) => h.textContent);

describe('web: the case page shows only what the reader may see', () => {
  it('leaves out each section that came back null with FORBIDDEN, and keeps the rest', async () => {
    renderCase(POLICE, [caseMock(POLICE_VIEW, POLICE_VIEW_ERRORS)]);
    expect(await screen.findByRole('heading', { level: 1, name: 'Case SC-0001' })).toBeVisible();
    expect(sectionTitles()).toEqual([
      'Case',
      'Subject',
      'Victim',
      'Assessments',
      'Police summary',
      'Orders and conditions',
      'Breaches (1)',
    ]);
    for (const gone of ['Formulation', 'Probation summary', 'Agreed actions', 'Closure'])
      expect(screen.queryByRole('heading', { name: gone })).toBeNull();
    // A visible but empty list still says so; it is not the same as a hidden one.
    const orders = screen
      .getByRole('heading', { name: 'Orders and conditions' })
      .closest('.govuk-summary-card');
    expect(orders).toHaveTextContent('No orders recorded.');
    const police = screen.getByRole('heading', { name: 'Police summary' }).closest('.govuk-summary-card');
    expect(within(police as HTMLElement).getByText('Two earlier harassment warnings')).toBeVisible();
    // No section is an empty box.
    for (const card of document.querySelectorAll('.govuk-summary-card__content'))
      expect(card.textContent?.trim()).not.toBe('');
  });

  it('has no axe violations', async () => {
    const { container } = renderCase(POLICE, [caseMock(POLICE_VIEW, POLICE_VIEW_ERRORS)]);
    await screen.findByRole('heading', { level: 1, name: 'Case SC-0001' });
    expect(await axeViolations(container)).toEqual([]);
  });

  it('shows the hidden parts to a reader who may see them', async () => {
    renderCase(CHAIR, [
      caseMock(
        answer<CasePageQuery>(CASE, {
          ...POLICE_VIEW,
          case: {
            ...POLICE_VIEW.case,
            formulation: { summary: 'Fixated, grievance-driven', recommendations: null, victimSafety: null },
            actions: [
              {
                id: 'act-1',
                title: 'Review bail conditions',
                ownerAgencyId: 'ag-police',
                dueOn: '2026-12-01',
                status: 'OPEN',
                overdue: false,
              },
            ],
          },
        }),
        forbidden('probationSummary', 'closure'),
      ),
    ]);
    expect(await screen.findByRole('heading', { name: 'Formulation' })).toBeVisible();
    expect(screen.getByText('Fixated, grievance-driven')).toBeVisible();
    const actions = screen.getByRole('table', { name: 'Agreed actions' });
    expect(within(actions).getByRole('link', { name: 'Review bail conditions' })).toHaveAttribute(
      'href',
      '/actions/act-1',
    );
    expect(within(actions).getByText('Police force A')).toBeVisible();
    expect(screen.queryByRole('heading', { name: 'Probation summary' })).toBeNull();
  });

  it('offers each role only its own next steps', async () => {
    const { unmount } = renderCase(POLICE, [caseMock(POLICE_VIEW, POLICE_VIEW_ERRORS)]);
    expect(await screen.findByRole('button', { name: 'Record a breach' })).toHaveAttribute(
      'href',
      '/cases/case-1/breach',
    );
    expect(screen.queryByRole('button', { name: 'Close the case' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Set the next review date' })).toBeNull();
    unmount();

    renderCase(CHAIR, [caseMock(POLICE_VIEW, POLICE_VIEW_ERRORS)]);
    expect(await screen.findByRole('button', { name: 'Close the case' })).toBeVisible();
    expect(screen.getByRole('button', { name: 'Set the next review date' })).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Record a breach' })).toBeNull();
  });

  it('says the case is not found when the API hides the whole case', async () => {
    renderCase(POLICE, [
      caseMock({ case: null, agencies: [] }, [
        { message: 'Case not found', path: ['case'], extensions: { code: 'NOT_FOUND' } },
      ]),
    ]);
    expect(await screen.findByRole('heading', { level: 1, name: 'Case not found' })).toBeVisible();
    expect(screen.getByText('This case does not exist or you cannot see it.')).toBeVisible();
    expect(document.querySelector('.govuk-summary-card')).toBeNull();
  });
});
