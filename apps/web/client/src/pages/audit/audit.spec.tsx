/** @jest-environment jsdom */
import { jest } from '@jest/globals';
import '@testing-library/jest-dom';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MockLink } from '@apollo/client/testing';
import { AUDIT_ACTIONS, CATEGORY_TITLES } from '@scp/contracts';
import {
  AuditLogDocument,
  AuditPeopleDocument,
  BreakGlassDocument,
  ExportAuditEventsDocument,
  type AuditLogQuery,
  type AuditLogQueryVariables,
} from '../../generated/graphql';
import { AUDIT_ACTION_OPTIONS, CATEGORY_OPTIONS } from '../../lib/categories';
import type { Me } from '../../lib/me';
import { POLICE, renderPage, summaryLinks } from '../../testing/render-page';
import { AuditLogPage } from './audit-log';
import { BreakGlassPage } from './break-glass';

const DPO: Me = {
  ...POLICE,
  userId: 'u-dpo-1',
  displayName: 'Data Officer One',
  roles: ['AUDITOR_DPO'],
};

const CASE_ID = '0b7c3a52-5a0e-4a8e-9d7e-3f1f2d9c0a11';

const LOG: AuditLogQuery = {
  auditEvents: {
    nodes: [
      {
        id: '2',
        occurredAt: '2026-12-01T10:15:00Z',
        actorId: 'u-mh-1',
        action: 'ACCESS_DENIED',
        entityType: 'FreeText',
        caseId: CASE_ID,
        categories: ['D12'],
        purpose: 'free-text:minutes: attempt to record D12 in shared text (refused)',
        recipients: null,
      },
      {
        id: '1',
        occurredAt: '2026-12-01T09:00:00Z',
        actorId: 'u-gone',
        action: 'EXPORT',
        entityType: 'Document',
        caseId: null,
        categories: ['D21', 'D5'],
        purpose: null,
        recipients: ['ag-cps'],
      },
    ],
    endCursor: 'c1',
    hasNextPage: false,
  },
};

function logMock(seen: AuditLogQueryVariables[], answer: AuditLogQuery = LOG): MockLink.MockedResponse {
  return {
    request: { query: AuditLogDocument, variables: () => true },
    result: (variables: Record<string, unknown>) => {
      seen.push(variables as AuditLogQueryVariables);
      return { data: answer };
    },
    maxUsageCount: Number.POSITIVE_INFINITY,
  };
}
const people: MockLink.MockedResponse = {
  request: { query: AuditPeopleDocument },
  result: { data: { users: { nodes: [{ id: 'u-mh-1', displayName: 'Clinician One' }] } } },
  maxUsageCount: Number.POSITIVE_INFINITY,
};

describe('web: the DPO’s audit workspace', () => {
  it('names every data category and audit action the API knows, in the same words as the contracts', () => {
    expect(Object.fromEntries(CATEGORY_OPTIONS.map((o) => [o.value, o.text]))).toEqual(CATEGORY_TITLES);
    expect(AUDIT_ACTION_OPTIONS.map((o) => o.value)).toEqual([...AUDIT_ACTIONS]);
  });

  it('lists the events with who, what, which data and the case, never more than the log holds', async () => {
    const seen: AuditLogQueryVariables[] = [];
    renderPage(<AuditLogPage />, { me: DPO, path: '/audit', mocks: [logMock(seen), people] });
    const table = await screen.findByRole('table', { name: 'Events, newest first' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(within(rows[0]!).getByText('Clinician One')).toBeVisible();
    expect(within(rows[0]!).getByText('Refused (FreeText)')).toBeVisible();
    expect(within(rows[0]!).getByText('D12 Victim location and contact')).toBeVisible();
    expect(within(rows[0]!).getByRole('link', { name: 'Open by break-glass' })).toHaveAttribute(
      'href',
      `/audit/break-glass?caseId=${CASE_ID}`,
    );
    // A user the directory no longer lists is named by their id, not left blank.
    expect(within(rows[1]!).getByText('User u-gone')).toBeVisible();
    expect(within(rows[1]!).getByText('Downloaded or exported (Document), to 1 recipient')).toBeVisible();
    expect(seen[0]).toEqual({ filter: {}, after: null });
  });

  it('filters by what happened and by dates (London days), and says what is wrong with a filter', async () => {
    const user = userEvent.setup({ delay: null });
    const seen: AuditLogQueryVariables[] = [];
    renderPage(<AuditLogPage />, { me: DPO, path: '/audit', mocks: [logMock(seen), people] });
    await screen.findByRole('table', { name: 'Events, newest first' });

    await user.type(screen.getByRole('textbox', { name: 'Case ID (optional)' }), 'not-a-case');
    await user.click(screen.getByRole('button', { name: 'Show events' }));
    expect(summaryLinks()).toEqual([['Enter the case ID as it appears in an audit event', '#case-id']]);

    await user.clear(screen.getByRole('textbox', { name: 'Case ID (optional)' }));
    await user.type(screen.getByRole('textbox', { name: 'Case ID (optional)' }), CASE_ID);
    await user.selectOptions(screen.getByRole('combobox', { name: 'What happened (optional)' }), 'Refused');
    const from = screen.getByRole('group', { name: 'From (optional)' });
    await user.type(within(from).getByRole('textbox', { name: 'Day' }), '1');
    await user.type(within(from).getByRole('textbox', { name: 'Month' }), '7');
    await user.type(within(from).getByRole('textbox', { name: 'Year' }), '2026');
    await user.click(screen.getByRole('button', { name: 'Show events' }));
    await screen.findByRole('table', { name: 'Events, newest first' });
    // 1 July in London is 23:00 UTC on 30 June (British Summer Time).
    expect(seen.at(-1)).toEqual({
      filter: { caseId: CASE_ID, action: 'ACCESS_DENIED', since: '2026-06-30T23:00:00.000Z' },
      after: null,
    });
  });
});

describe('web: the audit export', () => {
  it('downloads what the filter on the page matches as CSV, and says how many events it holds', async () => {
    const user = userEvent.setup({ delay: null });
    const created: Blob[] = [];
    // jsdom has no object URLs: the browser's own, as far as this page uses them.
    Object.assign(URL, {
      createObjectURL: (b: Blob) => {
        created.push(b);
        return 'blob:audit';
      },
      revokeObjectURL: () => undefined,
    });
    const clicks = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    const sent: unknown[] = [];
    const exportMock: MockLink.MockedResponse = {
      request: { query: ExportAuditEventsDocument, variables: () => true },
      result: (variables: Record<string, unknown>) => {
        sent.push(variables);
        return {
          data: {
            exportAuditEvents: { csv: 'seq,action\r\n2,ACCESS_DENIED\r\n', rowCount: 1, truncated: true },
          },
        };
      },
    };
    renderPage(<AuditLogPage />, {
      me: DPO,
      path: `/audit?action=ACCESS_DENIED`,
      mocks: [logMock([]), people, exportMock],
    });
    await screen.findByRole('table', { name: 'Events, newest first' });
    await user.click(screen.getByRole('button', { name: 'Download these events (CSV)' }));
    expect(await screen.findByText(/1 event downloaded: more matched than one export holds/)).toBeVisible();
    expect(sent).toEqual([{ filter: { action: 'ACCESS_DENIED' } }]);
    expect(created).toHaveLength(1);
    const text = await new Promise<unknown>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.readAsText(created[0]!);
    });
    expect(text).toBe('seq,action\r\n2,ACCESS_DENIED\r\n');
    expect(clicks).toHaveBeenCalledTimes(1);
    clicks.mockRestore();
  });
});

describe('web: break-glass', () => {
  const render = (mocks: MockLink.MockedResponse[]) =>
    renderPage(<BreakGlassPage />, {
      me: DPO,
      route: '/audit/break-glass',
      path: `/audit/break-glass?caseId=${CASE_ID}`,
      mocks,
    });

  it('asks for a reason and a sentence before anything is sent', async () => {
    const user = userEvent.setup({ delay: null });
    render([]);
    expect(screen.getByRole('textbox', { name: 'Case ID' })).toHaveValue(CASE_ID);
    await user.click(screen.getByRole('button', { name: 'Open the case' }));
    expect(summaryLinks()).toEqual([
      ['Choose a reason from the list', '#purpose-reason'],
      ['Say why you need to open the case', '#purpose'],
    ]);
  });

  it('opens the case for an hour and says that its lead agency was told', async () => {
    const user = userEvent.setup({ delay: null });
    const sent: Record<string, unknown>[] = [];
    render([
      {
        request: { query: BreakGlassDocument, variables: () => true },
        result: (variables: Record<string, unknown>) => {
          sent.push(variables);
          return { data: { breakGlass: { caseId: CASE_ID, expiresAt: '2026-12-01T11:15:00Z' } } };
        },
      },
    ]);
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Why do you need to open it?' }),
      'AUDIT_OR_COMPLAINT',
    );
    await user.type(
      screen.getByRole('textbox', { name: 'Say why, in a sentence' }),
      'Complaint DPO-2026-21 received',
    );
    await user.click(screen.getByRole('button', { name: 'Open the case' }));
    expect(await screen.findByText('You can open the case until 1 December 2026 at 11:15am')).toBeVisible();
    expect(
      screen.getByText('The case’s lead agency has been told, and your purpose is in the audit log.'),
    ).toBeVisible();
    expect(screen.getByRole('link', { name: 'Go to the case' })).toHaveAttribute('href', `/cases/${CASE_ID}`);
    expect(sent).toEqual([
      { caseId: CASE_ID, reason: 'AUDIT_OR_COMPLAINT', purpose: 'Complaint DPO-2026-21 received' },
    ]);
  });

  it('shows the API’s refusal of the purpose beside the field (the free-text rule)', async () => {
    const user = userEvent.setup({ delay: null });
    render([
      {
        request: { query: BreakGlassDocument, variables: () => true },
        result: {
          errors: [
            {
              message:
                'purpose is shared with other agencies: leave out addresses, postcodes, phone numbers and email addresses',
              extensions: { code: 'BAD_USER_INPUT', field: 'purpose' },
            },
          ],
        },
      },
    ]);
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Why do you need to open it?' }),
      'AUDIT_OR_COMPLAINT',
    );
    await user.type(
      screen.getByRole('textbox', { name: 'Say why, in a sentence' }),
      'Complaint from the resident of ZZ9 9ZZ',
    );
    await user.click(screen.getByRole('button', { name: 'Open the case' }));
    expect(await screen.findByRole('alert')).toBeVisible();
    expect(summaryLinks()[0]?.[1]).toBe('#purpose');
  });
});
