/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MockLink } from '@apollo/client/testing';
import { CreateSubjectAccessPackDocument, SubjectAccessPeopleDocument } from '../../generated/graphql';
import type { Me } from '../../lib/me';
import { axeViolations, mutationMock, POLICE, renderPage, summaryLinks } from '../../testing/render-page';
import { SubjectAccessPage } from './subject-access';

const DPO: Me = { ...POLICE, userId: 'u-dpo-1', displayName: 'Data Officer One', roles: ['AUDITOR_DPO'] };
const CASE_ID = '0b7c3a52-5a0e-4a8e-9d7e-3f1f2d9c0a11';

const people = (answer: unknown): MockLink.MockedResponse => ({
  request: { query: SubjectAccessPeopleDocument, variables: { id: CASE_ID } },
  result: answer as MockLink.MockedResponse['result'],
});
const CASE = {
  data: {
    case: {
      __typename: 'Case',
      id: CASE_ID,
      reference: 'NV-2026-0001',
      subject: { __typename: 'Subject', id: 's-1', givenName: 'Sam', familyName: 'Subject' },
      victims: [{ __typename: 'ProtectedPerson', id: 'v-1', alias: 'Victim A' }],
      thirdParties: [],
    },
  },
};
const PACK = {
  __typename: 'SubjectAccessPack',
  id: 'pack-1',
  createdAt: '2026-12-07T10:00:00Z',
  expiresAt: '2026-12-14T10:00:00Z',
  recipient: 'Data subject, SAR 2026-0142',
  categories: ['D11', 'D13'],
  pdfDownloadPath: '/files/exports/pack-1',
  jsonDownloadPath: '/files/exports/pack-1?format=json',
};
const at = `/audit/subject-access?caseId=${CASE_ID}`;

describe('web: the DPO produces a subject access pack', () => {
  it('asks for the person, the recipient and the purpose, then offers the PDF and the JSON', async () => {
    const user = userEvent.setup();
    const sent: Record<string, unknown>[] = [];
    const { container } = renderPage(<SubjectAccessPage />, {
      me: DPO,
      path: at,
      mocks: [
        people(CASE),
        mutationMock(CreateSubjectAccessPackDocument, 'createSubjectAccessPack', sent, PACK),
      ],
    });
    await screen.findByRole('heading', { level: 1, name: 'Produce a subject access pack' });
    expect(await axeViolations(container)).toEqual([]);
    await user.type(screen.getByRole('textbox', { name: 'Why is the pack produced?' }), 'Short');
    await user.click(screen.getByRole('button', { name: 'Produce the pack' }));
    expect(summaryLinks().map(([, href]) => href)).toEqual(['#person', '#recipient', '#sar-purpose']);
    expect(sent).toEqual([]);
    await user.click(screen.getByRole('radio', { name: 'Victim A' }));
    await user.type(
      screen.getByRole('textbox', { name: 'Who receives the pack?' }),
      'Data subject, SAR 2026-0142',
    );
    await user.type(
      screen.getByRole('textbox', { name: 'Why is the pack produced?' }),
      ' — subject access request',
    );
    await user.click(screen.getByRole('button', { name: 'Produce the pack' }));
    await screen.findByRole('heading', { level: 1, name: 'Subject access pack produced' });
    expect(sent).toEqual([
      {
        caseId: CASE_ID,
        personId: 'v-1',
        recipient: 'Data subject, SAR 2026-0142',
        purpose: 'Short — subject access request',
      },
    ]);
    expect(screen.getByRole('link', { name: 'Download the pack (PDF)' })).toHaveAttribute(
      'href',
      '/files/exports/pack-1',
    );
    expect(screen.getByRole('link', { name: 'Download the pack (JSON)' })).toHaveAttribute(
      'href',
      '/files/exports/pack-1?format=json',
    );
  });

  it('shows the API’s refusal of a purpose that holds contact details', async () => {
    const user = userEvent.setup();
    const sent: Record<string, unknown>[] = [];
    renderPage(<SubjectAccessPage />, {
      me: DPO,
      path: at,
      mocks: [
        people(CASE),
        mutationMock(CreateSubjectAccessPackDocument, 'createSubjectAccessPack', sent, [
          {
            message: 'This text looks like it holds a postcode',
            extensions: { code: 'BAD_USER_INPUT', field: 'input.purpose' },
          },
        ]),
      ],
    });
    await user.click(await screen.findByRole('radio', { name: 'The subject (Sam Subject)' }));
    await user.type(screen.getByRole('textbox', { name: 'Who receives the pack?' }), 'Data subject');
    await user.type(
      screen.getByRole('textbox', { name: 'Why is the pack produced?' }),
      'Request from ZZ9 9ZZ resident',
    );
    await user.click(screen.getByRole('button', { name: 'Produce the pack' }));
    expect(
      await screen.findByRole('link', { name: 'This text looks like it holds a postcode' }),
    ).toHaveAttribute('href', '#sar-purpose');
  });

  it('sends a DPO without break-glass on the case to break-glass first', async () => {
    renderPage(<SubjectAccessPage />, {
      me: DPO,
      path: at,
      mocks: [
        people({
          data: { case: null },
          errors: [{ message: 'Forbidden', path: ['case'], extensions: { code: 'FORBIDDEN' } }],
        }),
      ],
    });
    expect(await screen.findByRole('link', { name: 'Open a case by break-glass' })).toHaveAttribute(
      'href',
      `/audit/break-glass?caseId=${CASE_ID}`,
    );
  });
});
