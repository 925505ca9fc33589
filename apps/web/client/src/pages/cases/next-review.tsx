import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { graphql } from '../../generated';
import {
  BackLink,
  Button,
  DateInput,
  ErrorSummary,
  errorFor,
  Loading,
  NotificationBanner,
  SummaryList,
} from '../../components/govuk';
import { Page } from '../../components/page';
import { datePartsToIso, formatDate, isoToDateParts, type DateParts } from '../../lib/dates';
import { useApiForm } from '../../lib/use-api-form';

const HEADER = graphql(`
  query CaseHeader($id: ID!) {
    case(id: $id) {
      id
      reference
      version
      nextReviewOn
      updatedAt
    }
  }
`);
const UPDATE = graphql(`
  mutation SetNextReview($input: UpdateCaseHeaderInput!) {
    updateCaseHeader(input: $input) {
      id
      nextReviewOn
      version
    }
  }
`);

/** The next review date; a change that lost the race to someone else's edit says so and shows theirs. */
export function NextReviewPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { data, loading, refetch } = useQuery(HEADER, { variables: { id } });
  const [update] = useMutation(UPDATE, { refetchQueries: ['CasePage'] });
  const form = useApiForm({ nextReviewOn: 'next-review' });
  const [date, setDate] = useState<DateParts | null>(null);
  const [version, setVersion] = useState<number | null>(null);
  if (loading && !data) return <Loading what="case" />;
  const c = data?.case;
  if (!c) return <Page title="Case not found" />;
  const value = date ?? isoToDateParts(c.nextReviewOn);
  const expected = version ?? c.version ?? 0;
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const d = datePartsToIso(value, 'the next review date');
    const ok = await form.submit(d.error ? [{ field: 'next-review', message: d.error }] : [], () =>
      update({ variables: { input: { id: c.id, expectedVersion: expected, nextReviewOn: d.value } } }),
    );
    if (ok) navigate(`/cases/${c.id}`, { state: { flash: `Next review set for ${formatDate(d.value)}` } });
    else if (form.lastKind() !== 'invalid') {
      const fresh = await refetch();
      setVersion(fresh.data?.case.version ?? null);
    }
  };
  return (
    <>
      <BackLink to={`/cases/${id}`}>Back to the case</BackLink>
      <Page
        title="Set the next review date"
        caption={`Case ${c.reference ?? ''}`}
        error={form.errors.length > 0}
      >
        <ErrorSummary errors={form.errors} />
        {form.kind === 'conflict' && (
          <NotificationBanner heading="Someone else changed this case while you were editing it">
            <p className="govuk-body">
              This is the newer version. Check it, then save your date again if it is still right.
            </p>
            <SummaryList
              rows={[{ key: 'Next review now', value: formatDate(c.nextReviewOn) || 'Not set' }]}
            />
          </NotificationBanner>
        )}
        <form onSubmit={onSubmit} noValidate>
          <DateInput
            id="next-review"
            label="Next review date"
            hint="For example, 23 2 2027"
            value={value}
            onChange={setDate}
            error={errorFor(form.errors, 'next-review')}
          />
          <Button disabled={form.busy}>Save the date</Button>
        </form>
      </Page>
    </>
  );
}
