/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { jest } from '@jest/globals';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MockLink } from '@apollo/client/testing';
import {
  CaseForUploadDocument,
  DocumentPageDocument,
  type CaseForUploadQuery,
  type DocumentPageQuery,
} from '../../generated/graphql';
import type { Me } from '../../lib/me';
import { ADVOCATE, CHAIR, CPS, POLICE, renderPage, summaryLinks } from '../../testing/render-page';
import { CATEGORY_NAMES, DocumentDownloadPage, uploadableCategories, UploadDocumentPage } from './documents';
import { PURPOSE_REASON_CODES } from '@scp/contracts';

const POLICE_CATEGORIES = [
  'D1',
  'D2',
  'D3',
  'D4',
  'D5',
  'D8',
  'D11',
  'D12',
  'D15',
  'D16',
  'D17',
  'D18',
  'D20',
  'D22',
];

describe('web: the categories a role may upload', () => {
  it('gives a police SPOC the police categories, in the matrix’s order', () => {
    expect(uploadableCategories(['POLICE_SPOC'])).toEqual(POLICE_CATEGORIES);
  });

  it('gives a CPS consultee, an auditor or an administrator none', () => {
    expect(uploadableCategories(['CPS_CONSULTEE'])).toEqual([]);
    expect(uploadableCategories(['AUDITOR_DPO'])).toEqual([]);
    expect(uploadableCategories(['SYSTEM_ADMIN'])).toEqual([]);
    expect(uploadableCategories([])).toEqual([]);
  });

  it('gives the union of several roles, each category once', () => {
    expect(uploadableCategories(['MH_CLINICIAN', 'PROBATION_OFFICER'])).toEqual([
      'D6',
      'D7',
      'D8',
      'D9',
      'D10',
      'D18',
      'D20',
    ]);
    expect(uploadableCategories(['CLINIC_CHAIR', 'CLINIC_COORDINATOR', 'CPS_CONSULTEE'])).toEqual([
      'D1',
      'D18',
      'D19',
    ]);
  });

  it('never offers D21 or D23, whatever the roles', () => {
    const every: Me['roles'] = [
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
    const all = uploadableCategories(every);
    expect(all).not.toContain('D21');
    expect(all).not.toContain('D23');
    // Every other category has a role that writes it.
    expect(all).toEqual(Object.keys(CATEGORY_NAMES));
    expect(Object.keys(CATEGORY_NAMES)).not.toEqual(expect.arrayContaining(['D21']));
  });
});

// ─────────────────────────────────────────────────────────────────────────────────────────────

const CASE_FOR_UPLOAD: CaseForUploadQuery = {
  case: {
    id: 'case-1',
    reference: 'SC-0001',
    participants: [
      { id: 'p-1', leftAt: null, agency: { id: 'ag-police', name: 'Police force A' } },
      { id: 'p-2', leftAt: null, agency: { id: 'ag-health', name: 'Health trust A' } },
      {
        id: 'p-3',
        leftAt: '2026-10-01T09:00:00Z',
        agency: { id: 'ag-advocacy', name: 'Advocacy service A' },
      },
      { id: 'p-4', leftAt: null, agency: { id: 'ag-probation', name: 'Probation service A' } },
      // An agency the reader may not see.
      { id: 'p-5', leftAt: null, agency: null },
    ],
  },
};

/** The page posts the file itself with fetch: stubbed here, so this tests the page, not the BFF. */
type Fetch = typeof globalThis.fetch;
const realFetch = globalThis.fetch;
let fetchMock: jest.Mock<Fetch>;
const answer = (status: number, body: unknown) =>
  ({ ok: status >= 200 && status < 300, status, json: () => Promise.resolve(body) }) as Response;

beforeEach(() => {
  fetchMock = jest.fn<Fetch>();
  globalThis.fetch = fetchMock;
});
afterEach(() => {
  globalThis.fetch = realFetch;
});

describe('web: adding a document', () => {
  const openUpload = async (me: Me = POLICE) => {
    renderPage(<UploadDocumentPage />, {
      me,
      route: '/cases/:id/documents/new',
      path: '/cases/case-1/documents/new',
      mocks: [
        {
          request: { query: CaseForUploadDocument, variables: { id: 'case-1' } },
          result: { data: CASE_FOR_UPLOAD },
        },
      ],
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Add a document' })).toBeVisible();
  };
  const pdf = () => new File(['%PDF-1.7 bail note'], 'Bail note – v2.pdf', { type: 'application/pdf' });
  const fileInput = () => screen.getByLabelText('Upload a file');
  const categoryOptions = () =>
    within(screen.getByRole('combobox', { name: 'What does it contain?' }))
      .getAllByRole('option')
      .map((o) => o.getAttribute('value'));

  it('submitted with no file and no category, lists both and sends nothing', async () => {
    const user = userEvent.setup({ delay: null });
    await openUpload();
    await user.click(screen.getByRole('button', { name: 'Add the document' }));
    expect(summaryLinks()).toEqual([
      ['Select a file', '#file'],
      ['Select what the document contains', '#category'],
    ]);
    expect(fileInput()).toHaveAccessibleDescription(
      expect.stringMatching(
        /^PDF, PNG, JPEG, Word \(DOCX\) or plain text, smaller than 10MB\..* Error: Select a file$/,
      ),
    );
    expect(screen.getByRole('combobox', { name: 'What does it contain?' })).toHaveAccessibleDescription(
      'Only people who may read this kind of information can open it Error: Select what the document contains',
    );
    expect(document.title).toBe('Error: Add a document – Stalking clinic');
    expect(fetchMock).not.toHaveBeenCalled();
    await user.click(within(screen.getByRole('alert')).getByRole('link', { name: 'Select a file' }));
    expect(fileInput()).toHaveFocus();
  });

  it('offers only the categories the role writes', async () => {
    await openUpload(POLICE);
    expect(categoryOptions()).toEqual(['', ...POLICE_CATEGORIES]);
    expect(screen.getByRole('option', { name: 'Police intelligence' })).toBeInTheDocument();
    expect(screen.queryByRole('option', { name: 'Clinical detail' })).toBeNull();
  });

  it('offers a victim advocate the advocacy categories', async () => {
    await openUpload(ADVOCATE);
    expect(categoryOptions()).toEqual(['', 'D11', 'D12', 'D13', 'D14', 'D18', 'D20', 'D22']);
    expect(
      within(screen.getByRole('combobox', { name: 'What does it contain?' }))
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual([
      'Select the kind of information',
      'Victim identity',
      'Victim location and contact',
      'Victim’s voice and safety plan',
      'Advocacy record',
      'Agreed actions',
      'Agency contribution',
      'Victim update log',
    ]);
  });

  it('tells a role that adds no documents so, with no form', async () => {
    await openUpload(CPS);
    expect(screen.getByText('Your role does not add documents to cases.')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Add the document' })).toBeNull();
    expect(screen.queryByLabelText('Upload a file')).toBeNull();
  });

  it('offers the other agencies still on the case, not the reader’s own or one that left', async () => {
    await openUpload(POLICE);
    const group = screen.getByRole('group', { name: 'Share it with other agencies on the case (optional)' });
    expect(
      within(group)
        .getAllByRole('checkbox')
        .map((c) => [c.getAttribute('value'), (c as HTMLInputElement).labels?.[0]?.textContent]),
    ).toEqual([
      ['ag-health', 'Health trust A'],
      ['ag-probation', 'Probation service A'],
    ]);
    expect(
      within(group)
        .getAllByRole('checkbox')
        .some((c) => (c as HTMLInputElement).checked),
    ).toBe(false);
  });

  it('posts the file with its category, the agencies chosen and its name, then goes back to the case', async () => {
    const user = userEvent.setup({ delay: null });
    fetchMock.mockResolvedValue(answer(201, { document: { id: 'doc-9', downloadPath: '/files/doc-9' } }));
    await openUpload(POLICE);
    const file = pdf();
    await user.upload(fileInput(), file);
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'What does it contain?' }),
      'Police intelligence',
    );
    await user.click(screen.getByRole('checkbox', { name: 'Health trust A' }));
    await user.click(screen.getByRole('checkbox', { name: 'Probation service A' }));
    await user.click(screen.getByRole('button', { name: 'Add the document' }));

    expect(await screen.findByText('Case page: Bail note – v2.pdf added to the case')).toBeVisible();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/files?caseId=case-1&category=D4&visibleAgencyIds=ag-health%2Cag-probation');
    expect(init).toEqual({
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'x-scp-csrf': '1',
        'content-type': 'application/pdf',
        // Percent-encoded UTF-8: a header cannot carry the en dash as it is.
        'x-file-name': 'Bail%20note%20%E2%80%93%20v2.pdf',
      },
      body: file,
    });
    expect(init?.body).toBe(file);
    expect(decodeURIComponent((init?.headers as Record<string, string>)['x-file-name']!)).toBe(
      'Bail note – v2.pdf',
    );
  });

  it('shows the API’s refusal of the content beside the file input', async () => {
    const user = userEvent.setup({ delay: null });
    fetchMock.mockResolvedValue(
      answer(415, {
        errors: [
          {
            message: 'Accepted types: PDF, PNG, JPEG, DOCX and plain text',
            extensions: { code: 'BAD_USER_INPUT', field: 'content' },
          },
        ],
      }),
    );
    await openUpload(POLICE);
    await user.upload(fileInput(), pdf());
    await user.selectOptions(screen.getByRole('combobox', { name: 'What does it contain?' }), 'Breaches');
    await user.click(screen.getByRole('button', { name: 'Add the document' }));

    expect(await screen.findByRole('alert')).toBeVisible();
    expect(summaryLinks()).toEqual([['Accepted types: PDF, PNG, JPEG, DOCX and plain text', '#file']]);
    expect(fileInput()).toHaveAccessibleDescription(
      expect.stringMatching(/ Error: Accepted types: PDF, PNG, JPEG, DOCX and plain text$/),
    );
    expect(fileInput()).toHaveClass('govuk-file-upload--error');
    expect(screen.getByRole('heading', { level: 1, name: 'Add a document' })).toBeVisible();
    expect(screen.getByRole('button', { name: 'Add the document' })).toBeEnabled();
    // With no agency chosen no list is sent: the document stays with the reader's agency.
    expect(fetchMock.mock.calls[0]![0]).toBe('/files?caseId=case-1&category=D17');
  });

  it('refuses a file of 10MB or more before sending it', async () => {
    const user = userEvent.setup({ delay: null });
    await openUpload(POLICE);
    const big = pdf();
    Object.defineProperty(big, 'size', { value: 10 * 1024 * 1024 + 1 });
    await user.upload(fileInput(), big);
    await user.selectOptions(screen.getByRole('combobox', { name: 'What does it contain?' }), 'Breaches');
    await user.click(screen.getByRole('button', { name: 'Add the document' }));
    expect(summaryLinks()).toEqual([['The selected file must be smaller than 10MB', '#file']]);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('says there is a problem with the service when the request fails', async () => {
    const user = userEvent.setup({ delay: null });
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    await openUpload(POLICE);
    await user.upload(fileInput(), pdf());
    await user.selectOptions(screen.getByRole('combobox', { name: 'What does it contain?' }), 'Breaches');
    await user.click(screen.getByRole('button', { name: 'Add the document' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Sorry, there is a problem with the service. Try again later.',
    );
    expect(summaryLinks()).toEqual([]);
  });
});

// ─────────────────────────────────────────────────────────────────────────────────────────────

const CLINICAL_LETTER: DocumentPageQuery['document'] = {
  id: 'doc-1',
  filename: 'Clinical letter.pdf',
  contentType: 'application/pdf',
  sizeBytes: 254_976,
  category: 'D6',
  uploadedAt: '2026-11-20T14:30:00Z',
  purposeRequired: true,
  downloadPath: '/files/doc-1',
  ownerAgency: { name: 'Health trust A' },
  visibleAgencies: [{ name: 'Health trust A' }, { name: 'Police force A' }],
};

describe('web: opening a document', () => {
  /** The page of document `id` as the clinic chair opens it, the API answering with `result`. */
  const renderDocument = (id: string, result: MockLink.MockedResponse['result']) =>
    renderPage(<DocumentDownloadPage />, {
      me: CHAIR,
      route: '/cases/:id/documents/:documentId',
      path: `/cases/case-1/documents/${id}`,
      mocks: [{ request: { query: DocumentPageDocument, variables: { id } }, result }],
    });
  const openDocument = async (document: DocumentPageQuery['document']) => {
    renderDocument('doc-1', { data: { document } });
    expect(await screen.findByRole('heading', { level: 1, name: document.filename ?? '' })).toBeVisible();
    return screen.getByRole('button', { name: 'Download the document' }).closest('form')!;
  };

  /**
   * What became of each submit once the page had handled it: prevented, or left to the browser
   * (stopped here, after recording, since jsdom does not navigate).
   */
  let submits: { prevented: boolean; query: string }[];
  const onSubmit = (e: Event) => {
    submits.push({
      prevented: e.defaultPrevented,
      query: new URLSearchParams(
        [...new FormData(e.target as HTMLFormElement).entries()].map(([k, v]) => [k, String(v)]),
      ).toString(),
    });
    e.preventDefault();
  };
  beforeEach(() => {
    submits = [];
    window.addEventListener('submit', onSubmit);
  });
  afterEach(() => window.removeEventListener('submit', onSubmit));

  it('describes the document, and downloads it with a plain GET of its download path', async () => {
    const form = await openDocument(CLINICAL_LETTER);
    const rows = [...document.querySelectorAll('.govuk-summary-list__row')].map((r) => [
      r.querySelector('dt')?.textContent,
      r.querySelector('dd')?.textContent,
    ]);
    expect(rows).toEqual([
      ['Contains', 'Clinical detail'],
      ['Type and size', 'application/pdf, 249 KB'],
      ['Added', '20 November 2026 at 2:30pm by Health trust A'],
      ['Agencies that can see it', 'Health trust A, Police force A'],
    ]);
    expect(form).toHaveAttribute('action', '/files/doc-1');
    expect(form).toHaveAttribute('method', 'get');
  });

  it('when a purpose is required, will not submit without one', async () => {
    const user = userEvent.setup({ delay: null });
    await openDocument(CLINICAL_LETTER);
    expect(screen.getByText('Opening this document is recorded, with the reason you give.')).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Download the document' }));

    expect(submits).toEqual([{ prevented: true, query: 'reason=&purpose=' }]);
    expect(summaryLinks()).toEqual([
      ['Choose a reason from the list', '#purpose-reason'],
      ['Enter why you need to open this document', '#purpose'],
    ]);
    expect(screen.getByRole('textbox', { name: 'Say why, in a sentence' })).toHaveAccessibleDescription(
      'Error: Enter why you need to open this document',
    );
    expect(document.title).toBe('Error: Clinical letter.pdf – Stalking clinic');

    // Spaces are not a purpose.
    await user.type(screen.getByRole('textbox', { name: 'Say why, in a sentence' }), '   ');
    await user.click(screen.getByRole('button', { name: 'Download the document' }));
    expect(submits[1]?.prevented).toBe(true);
  });

  it('a reason without a sentence is not a purpose', async () => {
    const user = userEvent.setup({ delay: null });
    await openDocument(CLINICAL_LETTER);
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Why do you need to open it?' }),
      'RISK_ASSESSMENT',
    );
    await user.type(screen.getByRole('textbox', { name: 'Say why, in a sentence' }), 'x');
    await user.click(screen.getByRole('button', { name: 'Download the document' }));
    expect(submits).toEqual([{ prevented: true, query: 'reason=RISK_ASSESSMENT&purpose=x' }]);
    expect(summaryLinks()).toEqual([['Describe why in at least a sentence (3 words or more)', '#purpose']]);
  });

  it('when a purpose is required and given, lets the browser send the reason and the sentence with the GET', async () => {
    const user = userEvent.setup({ delay: null });
    await openDocument(CLINICAL_LETTER);
    expect(
      Array.from(
        (screen.getByRole('combobox', { name: 'Why do you need to open it?' }) as HTMLSelectElement).options,
      ).map((o) => o.value),
    ).toEqual(['', ...PURPOSE_REASON_CODES]);
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Why do you need to open it?' }),
      'RISK_ASSESSMENT',
    );
    await user.type(
      screen.getByRole('textbox', { name: 'Say why, in a sentence' }),
      'Review before the clinic',
    );
    await user.click(screen.getByRole('button', { name: 'Download the document' }));
    expect(submits).toEqual([
      { prevented: false, query: 'reason=RISK_ASSESSMENT&purpose=Review+before+the+clinic' },
    ]);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  // Once the error shows, every keystroke re-renders the page; the error summary must not take the
  // focus back each time (it did while its list was a new array on every render).
  it('after the error, lets the reason be typed into the purpose field', async () => {
    const user = userEvent.setup({ delay: null });
    await openDocument(CLINICAL_LETTER);
    await user.click(screen.getByRole('button', { name: 'Download the document' }));
    const purpose = screen.getByRole('textbox', { name: 'Say why, in a sentence' });
    await user.type(purpose, 'Review');
    expect(purpose).toHaveValue('Review');
    expect(purpose).toHaveFocus();
  });

  it('without a required purpose, asks for none and downloads at once', async () => {
    const user = userEvent.setup({ delay: null });
    const form = await openDocument({
      ...CLINICAL_LETTER,
      filename: 'Bail note.pdf',
      category: 'D4',
      purposeRequired: false,
      downloadPath: '/files/doc-2',
    });
    expect(screen.queryByRole('textbox', { name: 'Say why, in a sentence' })).toBeNull();
    expect(screen.queryByText(/Opening this document is recorded/)).toBeNull();
    expect(form).toHaveAttribute('action', '/files/doc-2');
    await user.click(screen.getByRole('button', { name: 'Download the document' }));
    expect(submits).toEqual([{ prevented: false, query: '' }]);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says the document is not found when the API hides it', async () => {
    renderDocument('doc-404', {
      data: null,
      errors: [{ message: 'Document not found', path: ['document'], extensions: { code: 'NOT_FOUND' } }],
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Document not found' })).toBeVisible();
    expect(screen.getByText('This document does not exist or you cannot see it.')).toBeVisible();
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Download the document' })).toBeNull());
  });
});
