import type { CasePageQuery } from '../../generated/graphql';
import { SummaryList, Tag } from '../../components/govuk';
import { formatDate, formatDateTime } from '../../lib/dates';
import { label } from '../../lib/labels';

type Case = NonNullable<CasePageQuery['case']>;

/** What each step of the case's life with the clinic is called on its timeline (docs/case-lifecycle.md). */
const STEP_TITLES: Record<string, string> = {
  LISTED: 'Listed for a clinic meeting',
  REVIEWED: 'Reviewed at the clinic',
  UNLISTED: 'Not reviewed at the meeting',
  ACTIONS_DONE: 'All agreed actions ended',
  REVIEW_DUE: 'Review due',
  URGENT_REVIEW_REQUESTED: 'Urgent review asked for',
  URGENT_REVIEW_CLEARED: 'Urgent review held',
  URGENT_REVIEW_OVERDUE: 'Urgent review overdue: escalated to the chair',
};

/** The case's lifecycle steps as timeline entries: what happened, and the status it moved to. */
export function lifecycleEvents(c: Case): { at: string; title: string; detail?: string }[] {
  return (c.lifecycle ?? []).map((e) => {
    const details: string[] = [];
    if (e.kind === 'LISTED' && e.meetingStartsAt) details.push(`meeting on ${formatDate(e.meetingStartsAt)}`);
    if (e.riskLevel) details.push(`risk ${label(e.riskLevel).toLowerCase()}`);
    if (e.nextReviewOn) details.push(`next review ${formatDate(e.nextReviewOn)}`);
    if (e.toStatus) details.push(`now ${label(e.toStatus).toLowerCase()}`);
    return {
      at: e.occurredAt ?? '',
      title: STEP_TITLES[e.kind ?? ''] ?? label(e.kind),
      detail: details.length ? details.join('; ') : undefined,
    };
  });
}

/** Every urgent-review flag of the case, newest first: when asked for, due, held or escalated. */
export function UrgentReviewHistory({ flags }: { flags: NonNullable<Case['urgentReviews']> }) {
  return (
    <SummaryList
      rows={flags.map((f) => ({
        key: `Asked for ${formatDateTime(f.requestedAt)}`,
        value: f.clearedAt ? (
          <>
            <Tag code="COMPLETED" text="Held" />{' '}
            {f.clearedByMeetingId ? 'Reviewed at the clinic meeting' : 'Cleared without a meeting'} on{' '}
            {formatDateTime(f.clearedAt)}
          </>
        ) : (
          <>
            <Tag code={f.escalatedAt ? 'OVERDUE' : 'OPEN'} text={f.escalatedAt ? 'Overdue' : 'Waiting'} /> To
            be on a meeting by {formatDateTime(f.dueBy)}
            {f.escalatedAt ? `; escalated to the chair on ${formatDateTime(f.escalatedAt)}` : ''}
          </>
        ),
      }))}
    />
  );
}
