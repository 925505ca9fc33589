// What the web client's component specs (*.spec.tsx, in jsdom) share: the signed-in users, a page
// rendered as the app renders it, and the readers and checks several specs use. Only specs import
// this, so it never reaches Vite's bundle. Keep GraphQL documents out of it: the codegen step of
// apps/web/scripts/build.mjs reads every client source for them, this folder included.
import type { ReactElement } from 'react';
import { render, within } from '@testing-library/react';
import type userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { MockedProvider } from '@apollo/client/testing/react';
import type { MockLink } from '@apollo/client/testing';
import type { DocumentNode, GraphQLFormattedError } from 'graphql';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { createApolloClient } from '../lib/apollo';
import { MeContext, type Me } from '../lib/me';

export const POLICE: Me = {
  userId: 'u-police-1',
  displayName: 'Officer One',
  roles: ['POLICE_SPOC'],
  agency: { id: 'ag-police', name: 'Police force A', type: 'POLICE' },
  clinics: [{ id: 'cl-1', code: 'NORTH', name: 'North clinic' }],
};
export const CHAIR: Me = {
  ...POLICE,
  userId: 'u-chair-1',
  displayName: 'Chair One',
  roles: ['CLINIC_CHAIR'],
  agency: { id: 'ag-health', name: 'Health trust A', type: 'HEALTH' },
};
export const COORDINATOR: Me = {
  ...POLICE,
  userId: 'u-coord-1',
  displayName: 'Coordinator One',
  roles: ['CLINIC_COORDINATOR'],
  agency: { id: 'ag-health', name: 'Health trust A', type: 'HEALTH' },
};
export const ADVOCATE: Me = {
  ...POLICE,
  userId: 'u-advocate-1',
  displayName: 'Advocate One',
  roles: ['VICTIM_ADVOCATE'],
  agency: { id: 'ag-advocacy', name: 'Advocacy service A', type: 'ADVOCACY' },
};
export const MH: Me = {
  ...POLICE,
  userId: 'u-mh-1',
  displayName: 'Clinician One',
  roles: ['MH_CLINICIAN'],
  agency: { id: 'ag-health', name: 'Health trust A', type: 'HEALTH' },
};
export const PROBATION: Me = {
  ...POLICE,
  userId: 'u-probation-1',
  displayName: 'Probation Officer One',
  roles: ['PROBATION_OFFICER'],
  agency: { id: 'ag-probation', name: 'Probation region A', type: 'PROBATION' },
};
export const CPS: Me = {
  ...POLICE,
  userId: 'u-cps-1',
  displayName: 'Lawyer One',
  roles: ['CPS_CONSULTEE'],
  agency: { id: 'ag-cps', name: 'CPS area A', type: 'CPS' },
};

export type User = ReturnType<typeof userEvent.setup>;

/**
 * A mock of any call of `query` that records the variables' input in `sent` and answers `data`
 * (or `errors`, when given).
 */
export function capturing(
  query: DocumentNode,
  sent: unknown[],
  data: Record<string, unknown>,
  errors?: GraphQLFormattedError[],
): MockLink.MockedResponse {
  return {
    request: { query, variables: () => true },
    result: (variables: Record<string, unknown>) => {
      sent.push(variables.input ?? variables);
      return errors ? { data: null, errors } : { data };
    },
  };
}

/** The API's answer to an edit of a version someone else changed. */
export const CONFLICT: GraphQLFormattedError[] = [
  { message: 'Someone else changed this record', extensions: { code: 'CONFLICT' } },
];

/** The case page the forms go back to, showing the flash it was sent with. */
function CasePageStub() {
  const state = useLocation().state as { flash?: string } | null;
  return <p>Case page: {state?.flash}</p>;
}

/**
 * Renders `page` inside `<main>` as the signed-in app does: for `me` (a police SPOC unless given),
 * with Apollo's answers only from `mocks` but the app's own cache and default options (errorPolicy
 * "all": partial data with FORBIDDEN errors), and a router at `path`. With `route`, the page is
 * mounted at that pattern (so it reads its params), beside a stub of the case page at /cases/:id;
 * when the page is the case page itself, it comes first and so is the one matched.
 */
export function renderPage(
  page: ReactElement,
  {
    me = POLICE,
    mocks,
    path = '/',
    route,
  }: { me?: Me; mocks: MockLink.MockedResponse[]; path?: string; route?: string },
) {
  const app = createApolloClient('demo');
  const rendered = render(
    <MockedProvider mocks={mocks} cache={app.cache} defaultOptions={app.defaultOptions}>
      <MeContext.Provider value={me}>
        <MemoryRouter initialEntries={[path]}>
          <main>
            {route ? (
              <Routes>
                <Route path={route} element={page} />
                <Route path="/cases/:id" element={<CasePageStub />} />
              </Routes>
            ) : (
              page
            )}
          </main>
        </MemoryRouter>
      </MeContext.Provider>
    </MockedProvider>,
  );
  // The cache the page used, for specs that check what stays in it.
  return Object.assign(rendered, { cache: app.cache });
}

/** Each link in the error summary (the one within `scope`, when a page has several): its text and target. */
export const summaryLinks = (scope: HTMLElement = document.body) =>
  within(within(scope).getByRole('alert'))
    .queryAllByRole('link')
    .map((a) => [a.textContent, a.getAttribute('href')]);

/** Types into the Day, Month and Year of the date named `group` (within `scope`), clearing each first. */
export async function typeDate(
  user: User,
  group: string,
  day: string,
  month: string,
  year: string,
  scope: HTMLElement = document.body,
) {
  const g = within(scope).getByRole('group', { name: group });
  for (const [part, value] of [
    ['Day', day],
    ['Month', month],
    ['Year', year],
  ] as const) {
    const box = within(g).getByRole('textbox', { name: part });
    await user.clear(box);
    if (value) await user.type(box, value);
  }
}

/**
 * axe's violations in `container`, one line each (rule: elements). jsdom lays nothing out, so colour
 * contrast is left to the browser e2e tests.
 */
export async function axeViolations(container: HTMLElement) {
  const result = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * A mutation mock for any variables: records each `input` sent in `sent` and answers with
 * `{ [field]: answer }`, or with `answer` as the errors when it is a list.
 */
export function mutationMock(
  query: DocumentNode,
  field: string,
  sent: Record<string, unknown>[],
  answer: Record<string, unknown> | GraphQLFormattedError[],
): MockLink.MockedResponse {
  return {
    request: { query, variables: () => true },
    result: (variables: Record<string, unknown>) => {
      sent.push(variables.input as Record<string, unknown>);
      return Array.isArray(answer) ? { data: null, errors: answer } : { data: { [field]: answer } };
    },
    maxUsageCount: Number.POSITIVE_INFINITY,
  };
}
