import { Link } from 'react-router';
import { SummaryCard, SummaryList, Tag } from '../../components/govuk';
import { formatDate, formatDateTime, formatTime } from '../../lib/dates';
import { label } from '../../lib/labels';
import { ActionForm, AddendumForm, MinutesForm } from './item-forms';
import { endOf, itemTitle, type Item } from './meeting';
import { ProposeForm, Recommendation, type Agencies } from './recommendation';

/**
 * One agenda item on the chair's screen: contributions, recommendations (proposed, decided, with
 * dissent), actions and the minutes; after approval the minutes with their addenda.
 */
export function ItemPanel({
  item,
  meetingStatus,
  meetingId,
  agencies,
  chair,
  officer,
  agreesRisk,
  onDone,
}: {
  item: Item;
  meetingStatus: string;
  meetingId: string;
  agencies: Agencies;
  chair: boolean;
  officer: boolean;
  /** The reader may record the case's agreed risk level (a chair of the clinic). */
  agreesRisk: boolean;
  onDone: () => unknown;
}) {
  const agencyName = (aid: string | null | undefined) =>
    agencies.find((a) => a.id === aid)?.name ?? 'Unknown agency';
  const live = meetingStatus === 'IN_PROGRESS';
  const minutesOpen = live || meetingStatus === 'MINUTES_DRAFT';
  const approved = meetingStatus === 'MINUTES_APPROVED';
  // The case's agencies, as far as the page knows them (those asked to contribute).
  const caseAgencies = agencies.filter((a) =>
    (item.contributionStatus ?? []).some((c) => c.agencyId === a.id),
  );
  const recs = item.recommendations ?? [];
  return (
    <SummaryCard
      title={`${formatTime(item.startsAt)} to ${formatTime(endOf(item))}: ${itemTitle(item)}`}
      actions={
        item.caseId && agreesRisk && !approved ? (
          <Link className="govuk-link" to={`/cases/${item.caseId}/risk-level?meeting=${meetingId}`}>
            Record the agreed risk level<span className="govuk-visually-hidden"> for {itemTitle(item)}</span>
          </Link>
        ) : undefined
      }
    >
      <div id={`item-${item.id}`}>
        {item.deferralReason && (
          <p className="govuk-body">
            Deferred: {label(item.deferralReason)}
            {item.deferralNote ? ` – ${item.deferralNote}` : ''}
          </p>
        )}
        {!item.deferralReason && item.contributions && item.contributions.length > 0 && (
          <>
            <h3 className="govuk-heading-s">Contributions</h3>
            <SummaryList
              rows={item.contributions.map((c) => ({
                key: agencyName(c.agencyId),
                value: <span className="scp-pre">{c.text}</span>,
              }))}
            />
          </>
        )}
        {(!item.deferralReason || recs.length > 0) && (
          <>
            <h3 className="govuk-heading-s">Recommendations</h3>
            {recs.length === 0 && <p className="govuk-body">None yet.</p>}
            {recs.map((r) => (
              <Recommendation
                key={r.id}
                rec={r}
                decide={chair && minutesOpen}
                dissentAgencies={chair && minutesOpen ? caseAgencies : []}
                agencies={agencies}
                onDone={onDone}
              />
            ))}
            {live && officer && !item.deferralReason && <ProposeForm itemId={item.id} onDone={onDone} />}
          </>
        )}
        {!item.deferralReason && (
          <>
            <h3 className="govuk-heading-s">Actions</h3>
            {(item.actions ?? []).length === 0 ? (
              <p className="govuk-body">None yet.</p>
            ) : (
              <ul className="govuk-list govuk-list--bullet">
                {item.actions!.map((a) => (
                  <li key={a.id}>
                    <Link className="govuk-link" to={`/actions/${a.id}`}>
                      {a.title}
                    </Link>{' '}
                    – {agencyName(a.ownerAgencyId)}, due {formatDate(a.dueOn)} <Tag code={a.status} />
                  </li>
                ))}
              </ul>
            )}
            {live && officer && item.caseId && (
              <ActionForm item={item} meetingId={meetingId} agencies={agencies} onDone={onDone} />
            )}
            {minutesOpen && officer && <MinutesForm item={item} onDone={onDone} />}
            {(!minutesOpen || !officer) && (item.minutes || item.summary) && (
              <SummaryList
                rows={[
                  item.minutes
                    ? { key: 'Minutes', value: <span className="scp-pre">{item.minutes}</span> }
                    : null,
                  item.summary ? { key: 'Summary', value: item.summary } : null,
                  item.nextReviewOn ? { key: 'Next review', value: formatDate(item.nextReviewOn) } : null,
                ]}
              />
            )}
          </>
        )}
        {(item.addenda ?? []).length > 0 && (
          <>
            <h3 className="govuk-heading-s">Addenda</h3>
            <SummaryList
              rows={item.addenda!.map((a) => ({
                key: `${formatDateTime(a.createdAt)}: ${a.reason}`,
                value: <span className="scp-pre">{a.text}</span>,
              }))}
            />
          </>
        )}
        {approved && officer && <AddendumForm item={item} onDone={onDone} />}
      </div>
    </SummaryCard>
  );
}
