import { useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useQuery } from '@apollo/client/react';
import { graphql } from '../../generated';
import {
  BackLink,
  Button,
  Checkboxes,
  ErrorSummary,
  errorFor,
  Loading,
  Select,
  SummaryList,
  WarningText,
} from '../../components/govuk';
import { Page } from '../../components/page';
import { formatDateTime } from '../../lib/dates';
import { mapApiErrors, type ApiError, type FormError } from '../../lib/errors';
import { useMe, type Me } from '../../lib/me';
import { CSRF_HEADERS } from '../../lib/session';
import { purposeErrors } from '../../lib/purpose';
import { PurposeFields } from '../../components/purpose-fields';

/** The data categories of the entitlement matrix, in the words the screens use. */
export const CATEGORY_NAMES: Record<string, string> = {
  D1: 'Case header',
  D2: 'Subject identity',
  D3: 'Subject address and whereabouts',
  D4: 'Police intelligence',
  D5: 'Police shared summary',
  D6: 'Clinical detail',
  D7: 'Formulation and recommendations',
  D8: 'Structured risk judgements',
  D9: 'Probation detail',
  D10: 'Probation shared summary',
  D11: 'Victim identity',
  D12: 'Victim location and contact',
  D13: 'Victim’s voice and safety plan',
  D14: 'Advocacy record',
  D15: 'Orders and served conditions',
  D16: 'Protected order detail',
  D17: 'Breaches',
  D18: 'Agreed actions',
  D19: 'Minutes',
  D20: 'Agency contribution',
  D22: 'Victim update log',
};

/**
 * The categories each role may write (entitlements.md), so the upload form offers only those.
 * The API decides: a category offered by mistake is refused there (FORBIDDEN).
 */
const WRITABLE: Record<string, string[]> = {
  CLINIC_CHAIR: ['D1', 'D18', 'D19'],
  CLINIC_COORDINATOR: ['D1', 'D19'],
  POLICE_SPOC: ['D1', 'D2', 'D3', 'D4', 'D5', 'D8', 'D11', 'D12', 'D15', 'D16', 'D17', 'D18', 'D20', 'D22'],
  MH_CLINICIAN: ['D6', 'D7', 'D8', 'D18', 'D20'],
  PROBATION_OFFICER: ['D9', 'D10', 'D18', 'D20'],
  VICTIM_ADVOCATE: ['D11', 'D12', 'D13', 'D14', 'D18', 'D20', 'D22'],
};

export function uploadableCategories(roles: Me['roles']): string[] {
  const set = new Set(roles.flatMap((r) => WRITABLE[r] ?? []));
  return Object.keys(CATEGORY_NAMES).filter((c) => set.has(c));
}

const ACCEPT = '.pdf,.png,.jpg,.jpeg,.docx,.txt';

const CASE_PARTICIPANTS = graphql(`
  query CaseForUpload($id: ID!) {
    case(id: $id) {
      id
      reference
      participants {
        id
        leftAt
        agency {
          id
          name
        }
      }
    }
  }
`);

const DOCUMENT = graphql(`
  query DocumentPage($id: ID!) {
    document(id: $id) {
      id
      filename
      contentType
      sizeBytes
      category
      uploadedAt
      purposeRequired
      downloadPath
      ownerAgency {
        name
      }
      visibleAgencies {
        name
      }
    }
  }
`);

export const formatSize = (bytes?: number | null) =>
  bytes == null
    ? ''
    : bytes < 1024
      ? `${bytes} bytes`
      : bytes < 1048576
        ? `${Math.round(bytes / 1024)} KB`
        : `${(bytes / 1048576).toFixed(1)} MB`;

/** Adding a document to a case: its category decides who may read it, narrowed to the agencies chosen. */
export function UploadDocumentPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const navigate = useNavigate();
  const { data, loading } = useQuery(CASE_PARTICIPANTS, { variables: { id } });
  const fileRef = useRef<HTMLInputElement>(null);
  const [category, setCategory] = useState('');
  const [agencies, setAgencies] = useState<string[]>([]);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  if (loading && !data) return <Loading what="case" />;
  const c = data?.case;
  if (!c) return <Page title="Case not found" />;
  const categories = uploadableCategories(me.roles);
  const others = (c.participants ?? []).filter((p) => !p.leftAt && p.agency && p.agency.id !== me.agency.id);
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const file = fileRef.current?.files?.[0];
    const local: FormError[] = [];
    if (!file) local.push({ field: 'file', message: 'Select a file' });
    else if (file.size > 10 * 1024 * 1024)
      local.push({ field: 'file', message: 'The selected file must be smaller than 10MB' });
    if (!category) local.push({ field: 'category', message: 'Select what the document contains' });
    if (local.length || !file) return setErrors(local);
    setBusy(true);
    try {
      const query = new URLSearchParams({ caseId: c.id, category });
      if (agencies.length) query.set('visibleAgencyIds', agencies.join(','));
      const res = await fetch(`/files?${query}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: {
          ...CSRF_HEADERS,
          'content-type': file.type || 'application/octet-stream',
          'x-file-name': encodeURIComponent(file.name),
        },
        body: file,
      });
      if (res.ok) {
        navigate(`/cases/${c.id}`, { state: { flash: `${file.name} added to the case` } });
        return;
      }
      const body = (await res.json().catch(() => ({}))) as { errors?: ApiError[] };
      setErrors(
        mapApiErrors(body.errors ?? [{ message: 'Internal error' }], {
          content: 'file',
          filename: 'file',
          category: 'category',
          visibleAgencyIds: 'agencies',
        }).errors,
      );
    } catch {
      setErrors([{ message: 'Sorry, there is a problem with the service. Try again later.' }]);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <BackLink to={`/cases/${c.id}`}>Back to the case</BackLink>
      <Page title="Add a document" caption={`Case ${c.reference ?? ''}`} error={errors.length > 0}>
        <ErrorSummary errors={errors} />
        {categories.length === 0 ? (
          <p className="govuk-body">Your role does not add documents to cases.</p>
        ) : (
          <form onSubmit={onSubmit} noValidate>
            <div className={`govuk-form-group${errorFor(errors, 'file') ? ' govuk-form-group--error' : ''}`}>
              <label className="govuk-label" htmlFor="file">
                Upload a file
              </label>
              <div id="file-hint" className="govuk-hint">
                PDF, PNG, JPEG, Word (DOCX) or plain text, smaller than 10MB. The file name is seen by
                everyone who can see the document: do not put the victim’s address or phone number in it.
              </div>
              {errorFor(errors, 'file') && (
                <p id="file-error" className="govuk-error-message">
                  <span className="govuk-visually-hidden">Error:</span> {errorFor(errors, 'file')}
                </p>
              )}
              <input
                className={`govuk-file-upload${errorFor(errors, 'file') ? ' govuk-file-upload--error' : ''}`}
                id="file"
                name="file"
                type="file"
                accept={ACCEPT}
                ref={fileRef}
                aria-describedby={`file-hint${errorFor(errors, 'file') ? ' file-error' : ''}`}
              />
            </div>
            <Select
              id="category"
              label="What does it contain?"
              hint="Only people who may read this kind of information can open it"
              value={category}
              onChange={setCategory}
              error={errorFor(errors, 'category')}
              options={[
                { value: '', text: 'Select the kind of information' },
                ...categories.map((x) => ({ value: x, text: CATEGORY_NAMES[x]! })),
              ]}
            />
            {others.length > 0 && (
              <Checkboxes
                id="agencies"
                label="Share it with other agencies on the case (optional)"
                hint="Your agency can always see it. An agency you choose still needs to be entitled to this kind of information."
                values={agencies}
                onChange={setAgencies}
                error={errorFor(errors, 'agencies')}
                options={others.map((p) => ({ value: p.agency!.id, text: p.agency!.name }))}
              />
            )}
            <Button disabled={busy}>Add the document</Button>
          </form>
        )}
      </Page>
    </>
  );
}

/** One document: what it is, and its download (with a stated purpose for clinical and location content). */
export function DocumentDownloadPage() {
  const { id = '', documentId = '' } = useParams();
  const { data, loading } = useQuery(DOCUMENT, { variables: { id: documentId } });
  const [reason, setReason] = useState('');
  const [purpose, setPurpose] = useState('');
  // The summary's list is state: a new array on every render would take the focus back from the
  // field at each keystroke.
  const [errors, setErrors] = useState<FormError[]>([]);
  const error = errorFor(errors, 'purpose') ?? errorFor(errors, 'purpose-reason');
  if (loading && !data) return <Loading what="document" />;
  const d = data?.document;
  if (!d?.downloadPath)
    return (
      <Page title="Document not found">
        <p className="govuk-body">This document does not exist or you cannot see it.</p>
      </Page>
    );
  const onSubmit = (e: React.FormEvent) => {
    const problems = d.purposeRequired
      ? purposeErrors('purpose', reason, purpose, 'Enter why you need to open this document')
      : [];
    if (problems.length) {
      e.preventDefault();
      setErrors(problems);
    } else setErrors([]);
  };
  return (
    <>
      <BackLink to={`/cases/${id}`}>Back to the case</BackLink>
      <Page
        title={d.filename ?? `${CATEGORY_NAMES[d.category ?? ''] ?? 'Restricted'} document`}
        error={Boolean(error)}
      >
        {!d.filename && <p className="govuk-body">Its name comes with the download, like its content.</p>}
        <ErrorSummary errors={errors} />
        <SummaryList
          rows={[
            { key: 'Contains', value: CATEGORY_NAMES[d.category ?? ''] ?? d.category },
            { key: 'Type and size', value: `${d.contentType ?? ''}, ${formatSize(d.sizeBytes)}` },
            {
              key: 'Added',
              value: `${formatDateTime(d.uploadedAt)}${d.ownerAgency ? ` by ${d.ownerAgency.name}` : ''}`,
            },
            d.visibleAgencies
              ? { key: 'Agencies that can see it', value: d.visibleAgencies.map((a) => a.name).join(', ') }
              : null,
          ]}
        />
        {/* A plain GET: the file comes back as an attachment, and the page stays as it is. */}
        <form method="get" action={d.downloadPath} onSubmit={onSubmit} noValidate>
          {d.purposeRequired && (
            <>
              <WarningText>Opening this document is recorded, with the reason you give.</WarningText>
              <PurposeFields
                id="purpose"
                label="Why do you need to open it?"
                reason={reason}
                onReason={setReason}
                text={purpose}
                onText={setPurpose}
                errors={errors}
                names={{ reason: 'reason', text: 'purpose' }}
              />
            </>
          )}
          <Button>Download the document</Button>
        </form>
      </Page>
    </>
  );
}
