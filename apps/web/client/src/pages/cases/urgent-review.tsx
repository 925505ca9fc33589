import { useMutation } from '@apollo/client/react';
import { graphql } from '../../generated';
import type { CasePageQuery } from '../../generated/graphql';
import { Button, ErrorSummary, NotificationBanner } from '../../components/govuk';
import { formatDateTime } from '../../lib/dates';
import { useApiForm } from '../../lib/use-api-form';

type Case = NonNullable<CasePageQuery['case']>;

const CLEAR_URGENT_REVIEW = graphql(`
  mutation ClearUrgentReview($caseId: ID!) {
    clearUrgentReview(caseId: $caseId) {
      id
      urgentReviewRequested
      urgentReviewRequestedAt
    }
  }
`);

/**
 * The URGENT REVIEW flag a breach with police action raised, while it is not cleared: when it was
 * asked for and by when the case must be on a meeting. `canClear` is who may write the case header
 * (D1: chair, coordinator, police); the API checks again.
 */
export function UrgentReviewBanner({ c, canClear }: { c: Case; canClear: boolean }) {
  const [clear] = useMutation(CLEAR_URGENT_REVIEW, { refetchQueries: ['CasePage'] });
  const form = useApiForm();
  if (!c.urgentReviewRequested) return null;
  const open = (c.urgentReviews ?? []).find((f) => !f.clearedAt);
  return (
    <NotificationBanner
      title="Urgent review"
      heading="URGENT REVIEW: a breach flagged this case for an urgent review"
    >
      <p className="govuk-body" data-testid="urgent-review">
        Asked for {formatDateTime(c.urgentReviewRequestedAt ?? open?.requestedAt)}
        {open?.dueBy ? `; to be on a clinic meeting by ${formatDateTime(open.dueBy)}` : ''}.
      </p>
      {canClear && (
        <form
          noValidate
          onSubmit={async (e) => {
            e.preventDefault();
            await form.submit([], () => clear({ variables: { caseId: c.id } }));
          }}
        >
          <ErrorSummary errors={form.errors} />
          <Button secondary disabled={form.busy}>
            Clear the urgent review: the clinic has reviewed the case
          </Button>
        </form>
      )}
    </NotificationBanner>
  );
}
