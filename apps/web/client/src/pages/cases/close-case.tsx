import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { graphql } from '../../generated';
import {
  BackLink,
  Button,
  ErrorSummary,
  errorFor,
  Loading,
  NotificationBanner,
  Textarea,
  WarningText,
} from '../../components/govuk';
import { Page } from '../../components/page';
import { useApiForm } from '../../lib/use-api-form';

const CLOSING = graphql(`
  query CaseToClose($id: ID!) {
    case(id: $id) {
      id
      reference
      version
      status
      actions {
        id
        title
        status
      }
    }
  }
`);
const CLOSE = graphql(`
  mutation CloseCase($input: CloseCaseInput!) {
    closeCase(input: $input) {
      id
      status
      version
    }
  }
`);

/** Closing a case (the chair): a rationale, and a reason for each action still open. */
export function CloseCasePage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { data, loading, refetch } = useQuery(CLOSING, { variables: { id } });
  const [close] = useMutation(CLOSE, { refetchQueries: ['CasePage'] });
  const form = useApiForm({ rationale: 'rationale', victimNotContactableReason: 'victim' });
  const [rationale, setRationale] = useState('');
  const [overrides, setOverrides] = useState<Record<string, string>>({});
  const [victim, setVictim] = useState('');
  if (loading && !data) return <Loading what="case" />;
  const c = data?.case;
  if (!c) return <Page title="Case not found" />;
  const open = (c.actions ?? []).filter((a) => a.status === 'OPEN' || a.status === 'IN_PROGRESS');
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const local = [];
    if (rationale.trim().length < 10)
      local.push({ field: 'rationale', message: 'Enter why the case is closing, in at least 10 characters' });
    for (const a of open)
      if (!overrides[a.id]?.trim())
        local.push({ field: `override-${a.id}`, message: `Enter why “${a.title}” can stay open` });
    const ok = await form.submit(local, () =>
      close({
        variables: {
          input: {
            caseId: c.id,
            expectedVersion: c.version ?? 0,
            rationale: rationale.trim(),
            actionOverrides: open.map((a) => ({ actionId: a.id, reason: overrides[a.id]!.trim() })),
            victimNotContactableReason: victim.trim() || undefined,
          },
        },
      }),
    );
    if (ok) navigate(`/cases/${c.id}`, { state: { flash: 'Case closed' } });
    else await refetch().catch(() => undefined);
  };
  return (
    <>
      <BackLink to={`/cases/${id}`}>Back to the case</BackLink>
      <Page title={`Close case ${c.reference ?? ''}`} error={form.errors.length > 0}>
        {form.kind === 'conflict' && (
          <NotificationBanner heading="The case changed while you were closing it. Check the latest version and try again." />
        )}
        <ErrorSummary errors={form.errors} />
        <WarningText>A closed case can only be opened again as a repeat, within 12 months.</WarningText>
        <form onSubmit={onSubmit} noValidate>
          <Textarea
            id="rationale"
            label="Why is the case closing?"
            value={rationale}
            onChange={setRationale}
            error={errorFor(form.errors, 'rationale')}
          />
          {open.map((a) => (
            <Textarea
              key={a.id}
              id={`override-${a.id}`}
              label={`Open action: ${a.title}`}
              hint="Say why the case can close with this action open"
              rows={2}
              value={overrides[a.id] ?? ''}
              onChange={(v) => setOverrides({ ...overrides, [a.id]: v })}
              error={errorFor(form.errors, `override-${a.id}`)}
            />
          ))}
          <Textarea
            id="victim"
            label="If the victim could not be asked for their view, say why (optional)"
            hint="The victim’s advocate records the victim’s view of closure from the case page, before it closes"
            rows={2}
            value={victim}
            onChange={setVictim}
            error={errorFor(form.errors, 'victim')}
          />
          <Button warning disabled={form.busy}>
            Close the case
          </Button>
        </form>
      </Page>
    </>
  );
}
