import { useRef, useState } from 'react';
import { useParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { graphql } from '../../generated';
import type { MeetingQuery } from '../../generated/graphql';
import {
  BackLink,
  Button,
  ErrorSummary,
  errorFor,
  Loading,
  NotificationBanner,
  SummaryList,
  Tag,
  Textarea,
  WarningText,
} from '../../components/govuk';
import { WidePage } from '../../components/page';
import { formatDayDate } from '../../lib/dates';
import { abilities, useMe } from '../../lib/me';
import { useApiForm } from '../../lib/use-api-form';
import { mayAgreeRisk } from '../cases/agree-risk-level';
import { AttendanceTable } from './attendance';
import { ItemPanel } from './item-panel';
import { MEETING } from './meeting-queries';
import { isItem, itemTitle, type Item } from './meeting';
import { undecidedOf, type Agencies } from './recommendation';

const STATUS = graphql(`
  mutation EndMeeting($input: ChangeMeetingStatusInput!) {
    changeMeetingStatus(input: $input) {
      id
      status
      version
    }
  }
`);
const SUMMARY = graphql(`
  mutation SetExecutiveSummary($input: ExecutiveSummaryInput!) {
    setExecutiveSummary(input: $input) {
      id
      version
    }
  }
`);

type Meeting = MeetingQuery['meeting'];

/**
 * Running the meeting (chair and coordinator): attendance, then each item in turn; then the
 * minutes. Once approved (`/meetings/:id/minutes`), the minutes as read, with their addenda.
 */
export function RunMeetingPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const can = abilities(me);
  const { data, loading, refetch } = useQuery(MEETING, { variables: { id } });
  // After a save: the mutation's answer updates what it changed in the cache, so confirmations
  // show at once; the rest of the meeting is read again in the background, one read after the
  // other (a read still under way would be shared, and answer with what it saw before the save).
  const reads = useRef<Promise<unknown>>(Promise.resolve());
  const refresh = () => {
    reads.current = reads.current.then(() => refetch()).catch(() => undefined);
  };
  const [status] = useMutation(STATUS);
  const statusForm = useApiForm();
  const [flash, setFlash] = useState<string>();
  if (loading && !data) return <Loading what="meeting" />;
  const m = data?.meeting;
  if (!m) return <WidePage title="Meeting not found" />;
  const agencies: Agencies = data?.agencies ?? [];
  const officer = can.clinicStaff && me.clinics.some((c) => c.id === m.clinicId);
  const chair = officer && can.chair;
  const items = m.agenda.filter(isItem);
  const undecided = undecidedOf(items);
  const approved = m.status === 'MINUTES_APPROVED';
  const to = async (next: 'MINUTES_DRAFT' | 'MINUTES_APPROVED', message: string) => {
    setFlash(undefined);
    // No earlier read may land after the move and show the old status.
    await reads.current;
    const ok = await statusForm.submit([], () =>
      status({ variables: { input: { meetingId: m.id, version: m.version, to: next } } }),
    );
    // The answer's status and version are in the cache at once: the page says so without
    // waiting for the whole meeting to be read again (a refusal shows the latest state too).
    if (ok) setFlash(message);
    refresh();
  };
  const title =
    m.status === 'IN_PROGRESS'
      ? `Run the meeting: ${m.title}`
      : `${approved ? 'Approved minutes' : 'Minutes'}: ${m.title}`;
  return (
    <>
      <BackLink to={`/meetings/${m.id}`}>Back to the meeting</BackLink>
      <WidePage
        title={title}
        caption={formatDayDate(m.startsAt)}
        error={!approved && statusForm.errors.length > 0}
      >
        {flash && <NotificationBanner success heading={flash} />}
        {/* Approved minutes are a record: no error box from an earlier attempt stays on them. */}
        {!approved && <ErrorSummary errors={statusForm.errors} />}
        <p className="govuk-body">
          Status: <Tag code={m.status} />
        </p>

        <AttendanceTable meeting={m} agencies={agencies} officer={officer} onDone={refresh} />

        {items.map((item) => (
          <ItemPanel
            key={item.id}
            item={item}
            meetingStatus={m.status}
            meetingId={m.id}
            agencies={agencies}
            chair={chair}
            officer={officer}
            agreesRisk={mayAgreeRisk(me, m.clinicId)}
            onDone={refresh}
          />
        ))}

        <ExecutiveSummary meeting={m} officer={officer} onDone={refresh} />

        {officer && (m.status === 'IN_PROGRESS' || m.status === 'MINUTES_DRAFT') && (
          <>
            {undecided.length > 0 && (
              <UndecidedWarning undecided={undecided} ending={m.status === 'IN_PROGRESS'} />
            )}
            <div className="govuk-button-group">
              {m.status === 'IN_PROGRESS' && (
                <Button
                  type="button"
                  disabled={statusForm.busy}
                  onClick={() => to('MINUTES_DRAFT', 'The meeting has ended. The minutes are in draft.')}
                >
                  End the meeting
                </Button>
              )}
              {m.status === 'MINUTES_DRAFT' && chair && (
                <Button
                  type="button"
                  disabled={statusForm.busy}
                  onClick={() => to('MINUTES_APPROVED', 'Minutes approved')}
                >
                  Approve the minutes
                </Button>
              )}
            </div>
          </>
        )}
      </WidePage>
    </>
  );
}

/** Before the chair ends the meeting or approves the minutes: what is still undecided, with links. */
export function UndecidedWarning({
  undecided,
  ending,
}: {
  undecided: { item: Item; rec: { id: string; text?: string | null } }[];
  ending: boolean;
}) {
  const n = undecided.length;
  return (
    <div data-testid="undecided-warning">
      <WarningText>
        {n === 1 ? '1 recommendation is' : `${n} recommendations are`} still undecided. Decide{' '}
        {n === 1 ? 'it' : 'each'} before {ending ? 'ending the meeting' : 'approving the minutes'}.
      </WarningText>
      <ul className="govuk-list govuk-list--bullet">
        {undecided.map(({ item, rec }) => (
          <li key={rec.id}>
            <a className="govuk-link" href={`#rec-${rec.id}`}>
              {rec.text}
            </a>{' '}
            ({itemTitle(item)})
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The overview of the executive summary: drafted by the officers during and after the meeting. */
function ExecutiveSummary({
  meeting: m,
  officer,
  onDone,
}: {
  meeting: Meeting;
  officer: boolean;
  onDone: () => unknown;
}) {
  const [save] = useMutation(SUMMARY);
  const form = useApiForm({ overview: 'overview' });
  const current = m.executiveSummary?.overview ?? '';
  const [overview, setOverview] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const open = officer && (m.status === 'IN_PROGRESS' || m.status === 'MINUTES_DRAFT');
  if (!open)
    return current ? (
      <>
        <h2 className="govuk-heading-m">Executive summary</h2>
        <SummaryList rows={[{ key: 'Overview', value: <span className="scp-pre">{current}</span> }]} />
      </>
    ) : null;
  return (
    <form
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const ok = await form.submit([], () =>
          save({
            variables: {
              input: { meetingId: m.id, version: m.version, overview: (overview ?? current).trim() },
            },
          }),
        );
        setSaved(ok);
        if (ok || form.lastKind() === 'conflict') {
          setOverview(null);
          await onDone();
        }
      }}
    >
      <h2 className="govuk-heading-m">Executive summary</h2>
      <ErrorSummary errors={form.errors} />
      {saved && (
        <p className="govuk-body" role="status">
          Executive summary saved.
        </p>
      )}
      <Textarea
        id="overview"
        label="Overview of the meeting"
        hint="Read by the clinic’s chair and coordinators. Do not include where a victim lives or works."
        value={overview ?? current}
        onChange={setOverview}
        error={errorFor(form.errors, 'overview')}
      />
      <Button secondary disabled={form.busy}>
        Save the executive summary
      </Button>
    </form>
  );
}
