import { useMemo } from 'react';
import { Link, useLocation } from 'react-router';
import { useQuery } from '@apollo/client/react';
import { graphql } from '../../generated';
import { ButtonLink, Empty, Loading, NotificationBanner, Table, Tag } from '../../components/govuk';
import { WidePage } from '../../components/page';
import { formatDayDate, formatTime } from '../../lib/dates';
import { abilities, useMe } from '../../lib/me';

export const MEETINGS = graphql(`
  query Meetings($from: DateTime, $first: Int) {
    meetings(from: $from, first: $first) {
      id
      clinicId
      kind
      status
      title
      startsAt
      endsAt
      place
      agendaPublicationDueOn
      agendaPublicationLate
    }
  }
`);

/** The clinic calendar: meetings from four weeks ago onwards, in time order. */
export function MeetingsPage() {
  const me = useMe();
  const can = abilities(me);
  const location = useLocation();
  const from = useMemo(() => new Date(Date.now() - 28 * 86400_000).toISOString(), []);
  const { data, loading } = useQuery(MEETINGS, { variables: { from, first: 100 } });
  const clinicName = (id: string) => me.clinics.find((c) => c.id === id)?.name;
  const cancelled = (location.state as { flash?: string } | null)?.flash;
  return (
    <WidePage title={can.clinicStaff ? 'Clinic calendar' : 'Meetings'}>
      {cancelled && <NotificationBanner success heading={cancelled} />}
      {can.clinicStaff && <ButtonLink to="/meetings/new">Schedule a meeting</ButtonLink>}
      {loading && !data ? (
        <Loading what="meetings" />
      ) : !data?.meetings.length ? (
        <Empty>There are no meetings from the last four weeks or to come.</Empty>
      ) : (
        <Table
          caption="Meetings"
          head={['Date', 'Time', 'Meeting', 'Status']}
          rows={data.meetings.map((m) => [
            formatDayDate(m.startsAt),
            `${formatTime(m.startsAt)} to ${formatTime(m.endsAt)}`,
            <>
              <Link className="govuk-link" to={`/meetings/${m.id}`}>
                {m.title}
              </Link>
              {clinicName(m.clinicId) && (
                <span className="govuk-hint govuk-!-margin-bottom-0">{clinicName(m.clinicId)}</span>
              )}
              {m.kind === 'EXTRAORDINARY' && <Tag code="URGENT" text="Extraordinary" />}
            </>,
            <>
              <Tag code={m.status} />
              {m.agendaPublicationLate && (
                <>
                  {' '}
                  <Tag code="OVERDUE" text="Agenda late" />
                </>
              )}
            </>,
          ])}
        />
      )}
    </WidePage>
  );
}
