import { useParams } from 'react-router';
import { useQuery } from '@apollo/client/react';
import { BackLink, Button, Loading, SummaryList } from '../../components/govuk';
import { WidePage } from '../../components/page';
import { formatDate, formatDateTime, formatDayDate, formatTime } from '../../lib/dates';
import { label } from '../../lib/labels';
import { useMe } from '../../lib/me';
import { MEETING } from './meeting-queries';
import { endOf, isItem, itemTitle } from './meeting';

/**
 * The printable clinic pack: built from the same query as the meeting page, so it holds only what
 * the printing user may see (other cases stay placeholders). The print stylesheet hides the rest.
 */
export function ClinicPackPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const { data, loading } = useQuery(MEETING, { variables: { id } });
  if (loading && !data) return <Loading what="clinic pack" />;
  const m = data?.meeting;
  if (!m) return <WidePage title="Meeting not found" />;
  const agencyName = (aid: string | null | undefined) =>
    data?.agencies.find((a) => a.id === aid)?.name ?? 'Unknown agency';
  return (
    <>
      <BackLink to={`/meetings/${m.id}`}>Back to the meeting</BackLink>
      <WidePage
        title={`Clinic pack: ${m.title}`}
        caption={`${formatDayDate(m.startsAt)}, ${formatTime(m.startsAt)} to ${formatTime(m.endsAt)}`}
      >
        <p className="govuk-body scp-print-only">
          Printed by {me.displayName} ({me.agency.name}) on {formatDateTime(new Date().toISOString())}.
          Official – Sensitive: do not share beyond the clinic.
        </p>
        <div className="scp-no-print">
          <Button type="button" onClick={() => window.print()}>
            Print the pack
          </Button>
        </div>
        {m.executiveSummary.overview && (
          <>
            <h2 className="govuk-heading-m">Executive summary</h2>
            <p className="govuk-body scp-pre">{m.executiveSummary.overview}</p>
          </>
        )}
        {m.agenda.map((e) => (
          <section className="scp-pack-item govuk-!-margin-bottom-6" key={e.id}>
            <h2 className="govuk-heading-m">
              {e.position}. {itemTitle(e)}
            </h2>
            <p className="govuk-body">
              {formatTime(e.startsAt)} to {formatTime(endOf(e))}
            </p>
            {isItem(e) ? (
              <SummaryList
                rows={[
                  { key: 'Type', value: label(e.kind) },
                  e.deferralReason ? { key: 'Deferred', value: label(e.deferralReason) } : null,
                  ...(e.contributions ?? []).map((c) => ({
                    key: `Contribution: ${agencyName(c.agencyId)}`,
                    value: <span className="scp-pre">{c.text}</span>,
                  })),
                  ...(e.recommendations ?? []).map((r) => ({
                    key: `Recommendation (${label(r.status)})`,
                    value: `${label(r.category)}: ${r.text}${(r.dissents ?? []).map((d) => ` Dissent from ${agencyName(d.agencyId)}: ${d.reason}`).join('')}`,
                  })),
                  ...(e.actions ?? []).map((a) => ({
                    key: 'Action',
                    value: `${a.title} – ${agencyName(a.ownerAgencyId)}, due ${formatDate(a.dueOn)} (${label(a.status)})`,
                  })),
                  e.minutes ? { key: 'Minutes', value: <span className="scp-pre">{e.minutes}</span> } : null,
                  e.nextReviewOn ? { key: 'Next review', value: formatDate(e.nextReviewOn) } : null,
                ]}
              />
            ) : (
              <p className="govuk-body scp-restricted">
                Restricted item – a case your agency does not take part in.
              </p>
            )}
          </section>
        ))}
      </WidePage>
    </>
  );
}
