import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { graphql } from '../../generated';
import type { CreateSubjectAccessPackMutation } from '../../generated/graphql';
import {
  BackLink,
  Button,
  ErrorSummary,
  errorFor,
  Loading,
  NotificationBanner,
  Radios,
  SummaryList,
  Textarea,
  TextInput,
} from '../../components/govuk';
import { Page } from '../../components/page';
import { formatDateTime } from '../../lib/dates';
import { useApiForm } from '../../lib/use-api-form';

const PEOPLE = graphql(`
  query SubjectAccessPeople($id: ID!) {
    case(id: $id) {
      id
      reference
      subject {
        id
        givenName
        familyName
      }
      victims {
        id
        alias
      }
      thirdParties {
        id
        alias
      }
    }
  }
`);
const CREATE_PACK = graphql(`
  mutation CreateSubjectAccessPack($input: CreateSubjectAccessPackInput!) {
    createSubjectAccessPack(input: $input) {
      id
      createdAt
      expiresAt
      recipient
      categories
      pdfDownloadPath
      jsonDownloadPath
    }
  }
`);

type Pack = CreateSubjectAccessPackMutation['createSubjectAccessPack'];

/**
 * A subject access pack (the DPO, after break-glass on the case): your agency's own data about one
 * person of the case, for a named recipient and a stated purpose, as PDF and JSON. Producing it is
 * audited as a disclosure and each download as an export.
 */
export function SubjectAccessPage() {
  const [params] = useSearchParams();
  const caseId = params.get('caseId') ?? '';
  const { data, loading } = useQuery(PEOPLE, { variables: { id: caseId }, skip: !caseId });
  const [create] = useMutation(CREATE_PACK);
  const form = useApiForm({ personId: 'person', recipient: 'recipient', purpose: 'sar-purpose' });
  const [personId, setPersonId] = useState('');
  const [recipient, setRecipient] = useState('');
  const [purpose, setPurpose] = useState('');
  const [pack, setPack] = useState<Pack | null>(null);
  if (loading && !data) return <Loading what="case" />;
  const c = data?.case;
  if (!c)
    return (
      <>
        <BackLink to="/audit">Back to the audit log</BackLink>
        <Page title="Produce a subject access pack">
          <p className="govuk-body">
            Open the case by break-glass first, then come back here from the case’s audit events.
          </p>
          <p className="govuk-body">
            <Link className="govuk-link" to={`/audit/break-glass${caseId ? `?caseId=${caseId}` : ''}`}>
              Open a case by break-glass
            </Link>
          </p>
        </Page>
      </>
    );
  const people = [
    ...(c.subject
      ? [{ value: c.subject.id, text: `The subject${nameOf(c.subject) ? ` (${nameOf(c.subject)})` : ''}` }]
      : []),
    ...(c.victims ?? []).map((v) => ({ value: v.id, text: v.alias ?? 'A victim' })),
    ...(c.thirdParties ?? []).map((t) => ({ value: t.id, text: t.alias ?? 'A third party' })),
  ];
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const local = [];
    if (!personId) local.push({ field: 'person', message: 'Select the person who asked for their data' });
    if (recipient.trim().length < 3)
      local.push({ field: 'recipient', message: 'Enter who receives the pack' });
    if (purpose.trim().length < 10)
      local.push({
        field: 'sar-purpose',
        message: 'Enter why the pack is produced, in at least 10 characters',
      });
    const out: { pack?: Pack } = {};
    const ok = await form.submit(local, async () => {
      const res = await create({
        variables: {
          input: { caseId: c.id, personId, recipient: recipient.trim(), purpose: purpose.trim() },
        },
      });
      out.pack = res.data?.createSubjectAccessPack;
    });
    if (ok && out.pack) setPack(out.pack);
  };
  if (pack)
    return (
      <>
        <BackLink to="/audit">Back to the audit log</BackLink>
        <Page title="Subject access pack produced" caption={`Case ${c.reference ?? ''}`}>
          <NotificationBanner
            success
            heading={`The downloads work until ${formatDateTime(pack.expiresAt)}`}
          />
          <SummaryList
            rows={[
              { key: 'Recipient', value: pack.recipient ?? '' },
              { key: 'Produced', value: formatDateTime(pack.createdAt) },
              { key: 'Data it holds', value: (pack.categories ?? []).join(', ') || 'None' },
            ]}
          />
          <ul className="govuk-list">
            {pack.pdfDownloadPath && (
              <li>
                <a className="govuk-link" href={pack.pdfDownloadPath} download>
                  Download the pack (PDF)
                </a>
              </li>
            )}
            {pack.jsonDownloadPath && (
              <li>
                <a className="govuk-link" href={pack.jsonDownloadPath} download>
                  Download the pack (JSON)
                </a>
              </li>
            )}
          </ul>
        </Page>
      </>
    );
  return (
    <>
      <BackLink to="/audit">Back to the audit log</BackLink>
      <Page
        title="Produce a subject access pack"
        caption={`Case ${c.reference ?? ''}`}
        error={form.errors.length > 0}
      >
        <ErrorSummary errors={form.errors} />
        <p className="govuk-body">
          The pack holds your agency’s own data about the person. Producing it is recorded in the audit log as
          a disclosure, and each download as an export.
        </p>
        <form onSubmit={onSubmit} noValidate>
          <Radios
            id="person"
            label="Whose data is it?"
            value={personId}
            onChange={setPersonId}
            error={errorFor(form.errors, 'person')}
            options={people}
          />
          <TextInput
            id="recipient"
            label="Who receives the pack?"
            hint="For example, Data subject, SAR 2026-0142"
            value={recipient}
            onChange={setRecipient}
            error={errorFor(form.errors, 'recipient')}
          />
          <Textarea
            id="sar-purpose"
            label="Why is the pack produced?"
            hint="This goes in the audit log: no addresses, phone numbers or other contact details"
            rows={3}
            value={purpose}
            onChange={setPurpose}
            error={errorFor(form.errors, 'sar-purpose')}
          />
          <Button disabled={form.busy}>Produce the pack</Button>
        </form>
      </Page>
    </>
  );
}

const nameOf = (p: { givenName?: string | null; familyName?: string | null }) =>
  [p.givenName, p.familyName].filter(Boolean).join(' ');
