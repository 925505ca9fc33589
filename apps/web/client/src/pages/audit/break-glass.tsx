import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMutation } from '@apollo/client/react';
import { graphql } from '../../generated';
import type { PurposeReason } from '../../generated/graphql';
import {
  BackLink,
  Button,
  ErrorSummary,
  errorFor,
  NotificationBanner,
  TextInput,
  WarningText,
} from '../../components/govuk';
import { Page } from '../../components/page';
import { PurposeFields } from '../../components/purpose-fields';
import { formatDateTime } from '../../lib/dates';
import { purposeErrors } from '../../lib/purpose';
import { useApiForm } from '../../lib/use-api-form';

const BREAK_GLASS = graphql(`
  mutation BreakGlass($caseId: ID!, $reason: PurposeReason!, $purpose: String!) {
    breakGlass(caseId: $caseId, reason: $reason, purpose: $purpose) {
      caseId
      expiresAt
    }
  }
`);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Break-glass (entitlements.md, separation of duties): a DPO opens a case their own agency takes
 * or took part in, for an hour, for a stated purpose. The grant, the purpose and the DPO are
 * written to the audit log and the case's lead agency is told; the purpose is shared text, so the
 * free-text rule applies to it (docs/free-text.md).
 */
export function BreakGlassPage() {
  const [params] = useSearchParams();
  const [caseId, setCaseId] = useState(params.get('caseId') ?? '');
  const [reason, setReason] = useState('');
  const [purpose, setPurpose] = useState('');
  const [granted, setGranted] = useState<{ caseId: string; expiresAt: string } | null>(null);
  const [breakGlass] = useMutation(BREAK_GLASS);
  const form = useApiForm({ caseId: 'case-id', reason: 'purpose-reason', purpose: 'purpose' });

  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const local = [
      ...(UUID.test(caseId.trim())
        ? []
        : [{ field: 'case-id', message: 'Enter the case ID as it appears in an audit event' }]),
      ...purposeErrors('purpose', reason, purpose, 'Say why you need to open the case'),
    ];
    const out: { grant?: { caseId: string; expiresAt: string } } = {};
    const ok = await form.submit(local, async () => {
      const res = await breakGlass({
        variables: { caseId: caseId.trim(), reason: reason as PurposeReason, purpose: purpose.trim() },
      });
      out.grant = res.data?.breakGlass;
    });
    if (ok && out.grant) setGranted(out.grant);
  };

  if (granted)
    return (
      <>
        <BackLink to="/audit">Back to the audit log</BackLink>
        <Page title="Case opened by break-glass">
          <NotificationBanner
            success
            heading={`You can open the case until ${formatDateTime(granted.expiresAt)}`}
          >
            <p className="govuk-body">
              The case’s lead agency has been told, and your purpose is in the audit log.
            </p>
          </NotificationBanner>
          <p className="govuk-body">
            <Link className="govuk-link" to={`/cases/${granted.caseId}`}>
              Go to the case
            </Link>
          </p>
          <p className="govuk-body">
            <Link className="govuk-link" to={`/audit/subject-access?caseId=${granted.caseId}`}>
              Produce a subject access pack from this case
            </Link>
          </p>
        </Page>
      </>
    );
  return (
    <>
      <BackLink to="/audit">Back to the audit log</BackLink>
      <Page title="Open a case by break-glass" error={form.errors.length > 0}>
        <ErrorSummary errors={form.errors} />
        <WarningText>
          Only for a case your agency takes or took part in, for an audit, a complaint or a data protection
          review. The case’s lead agency is told, and you can read what your agency’s roles could read there
          for one hour.
        </WarningText>
        <form onSubmit={onSubmit} noValidate>
          <TextInput
            id="case-id"
            label="Case ID"
            hint="From an audit event of the case"
            width="30"
            value={caseId}
            onChange={setCaseId}
            error={errorFor(form.errors, 'case-id')}
          />
          <PurposeFields
            id="purpose"
            label="Why do you need to open it?"
            hint="For example, the complaint or review reference. Do not include addresses or phone numbers."
            reason={reason}
            onReason={setReason}
            text={purpose}
            onText={setPurpose}
            errors={form.errors}
          />
          <Button warning disabled={form.busy}>
            Open the case
          </Button>
        </form>
      </Page>
    </>
  );
}
