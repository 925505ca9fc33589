import { useState } from 'react';
import { useParams } from 'react-router';
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
  Radios,
  Select,
  SummaryCard,
  SummaryList,
  Tag,
  Textarea,
  TextInput,
} from '../../components/govuk';
import { WidePage } from '../../components/page';
import {
  datePartsToIso,
  formatDate,
  formatDayDate,
  formatTime,
  isoToDateParts,
  type DateParts,
} from '../../lib/dates';
import { label } from '../../lib/labels';
import { abilities, useMe } from '../../lib/me';
import { useApiForm } from '../../lib/use-api-form';
import { MEETING } from './meeting-queries';
import { endOf, isItem, itemTitle, type Item } from './meeting';

const ATTENDANCE = graphql(`
  mutation RecordAttendance($input: RecordAttendanceInput!) {
    recordAttendance(input: $input) {
      id
      status
    }
  }
`);
const DRAFT_MINUTES = graphql(`
  mutation DraftMinutes($input: DraftMinutesInput!) {
    draftMinutes(input: $input) {
      id
    }
  }
`);
const PROPOSE = graphql(`
  mutation ProposeRecommendation($input: ProposeRecommendationInput!) {
    proposeRecommendation(input: $input) {
      id
    }
  }
`);
const DECIDE = graphql(`
  mutation DecideRecommendation($input: DecideRecommendationInput!) {
    decideRecommendation(input: $input) {
      id
      status
    }
  }
`);
const DISSENT = graphql(`
  mutation RecordDissent($input: RecordDissentInput!) {
    recordDissent(input: $input) {
      id
    }
  }
`);
const CREATE_ACTION = graphql(`
  mutation CreateAction($input: CreateActionInput!) {
    createAction(input: $input) {
      id
    }
  }
`);
const STATUS = graphql(`
  mutation EndMeeting($input: ChangeMeetingStatusInput!) {
    changeMeetingStatus(input: $input) {
      id
      status
      version
    }
  }
`);

type Agencies = { id: string; name: string }[];

/** Running the meeting (chair and coordinator): attendance, then each item in turn; then the minutes. */
export function RunMeetingPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const can = abilities(me);
  const { data, loading, refetch } = useQuery(MEETING, { variables: { id } });
  const [attendance] = useMutation(ATTENDANCE);
  const [status] = useMutation(STATUS);
  const statusForm = useApiForm();
  const [flash, setFlash] = useState<string>();
  if (loading && !data) return <Loading what="meeting" />;
  const m = data?.meeting;
  if (!m) return <WidePage title="Meeting not found" />;
  const agencies: Agencies = data?.agencies ?? [];
  const agencyName = (aid: string | null | undefined) =>
    agencies.find((a) => a.id === aid)?.name ?? 'Unknown agency';
  const items = m.agenda.filter(isItem);
  const to = async (next: 'MINUTES_DRAFT' | 'MINUTES_APPROVED', message: string) => {
    const ok = await statusForm.submit([], () =>
      status({ variables: { input: { meetingId: m.id, version: m.version, to: next } } }),
    );
    await refetch();
    if (ok) setFlash(message);
  };
  return (
    <>
      <BackLink to={`/meetings/${m.id}`}>Back to the meeting</BackLink>
      <WidePage
        title={m.status === 'IN_PROGRESS' ? `Run the meeting: ${m.title}` : `Minutes: ${m.title}`}
        caption={formatDayDate(m.startsAt)}
      >
        {flash && <NotificationBanner success heading={flash} />}
        <ErrorSummary errors={statusForm.errors} />
        <p className="govuk-body">
          Status: <Tag code={m.status} />
        </p>

        <h2 className="govuk-heading-m">Attendance</h2>
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-visually-hidden">Attendance</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Agency
              </th>
              <th scope="col" className="govuk-table__header">
                Confidentiality statement
              </th>
              <th scope="col" className="govuk-table__header">
                Attendance
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {m.attendees.map((a, i) => (
              <tr className="govuk-table__row" key={a.id}>
                <th scope="row" className="govuk-table__header">
                  {agencyName(a.agencyId)}
                </th>
                <td className="govuk-table__cell">
                  {a.confidentialityAcceptedAt ? (
                    <Tag code="COMPLETED" text="Accepted" />
                  ) : (
                    <Tag code="DRAFT" text="Not accepted" />
                  )}
                </td>
                <td className="govuk-table__cell">
                  <label className="govuk-visually-hidden" htmlFor={`attendance-${i}`}>
                    Attendance of {agencyName(a.agencyId)}
                  </label>
                  <select
                    id={`attendance-${i}`}
                    className="govuk-select"
                    value={a.status}
                    disabled={m.status !== 'IN_PROGRESS'}
                    onChange={async (e) => {
                      await attendance({
                        variables: { input: { attendeeId: a.id, status: e.target.value as 'PRESENT' } },
                      });
                      await refetch();
                    }}
                  >
                    {['INVITED', 'PRESENT', 'OBSERVER', 'APOLOGIES', 'ABSENT'].map((s) => (
                      <option value={s} key={s}>
                        {label(s)}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>

        {items.map((item) => (
          <ItemPanel
            key={item.id}
            item={item}
            meetingStatus={m.status}
            meetingId={m.id}
            agencies={agencies}
            onDone={refetch}
          />
        ))}

        <div className="govuk-button-group">
          {m.status === 'IN_PROGRESS' && (
            <Button
              type="button"
              onClick={() => to('MINUTES_DRAFT', 'The meeting has ended. The minutes are in draft.')}
            >
              End the meeting
            </Button>
          )}
          {m.status === 'MINUTES_DRAFT' && can.chair && (
            <Button type="button" onClick={() => to('MINUTES_APPROVED', 'Minutes approved')}>
              Approve the minutes
            </Button>
          )}
        </div>
      </WidePage>
    </>
  );
}

function ItemPanel({
  item,
  meetingStatus,
  meetingId,
  agencies,
  onDone,
}: {
  item: Item;
  meetingStatus: string;
  meetingId: string;
  agencies: Agencies;
  onDone: () => unknown;
}) {
  const agencyName = (aid: string | null | undefined) =>
    agencies.find((a) => a.id === aid)?.name ?? 'Unknown agency';
  const live = meetingStatus === 'IN_PROGRESS';
  const minutesOpen = live || meetingStatus === 'MINUTES_DRAFT';
  return (
    <SummaryCard title={`${formatTime(item.startsAt)} to ${formatTime(endOf(item))}: ${itemTitle(item)}`}>
      {item.deferralReason ? (
        <p className="govuk-body">Deferred: {label(item.deferralReason)}</p>
      ) : (
        <>
          {item.contributions && item.contributions.length > 0 && (
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
          <h3 className="govuk-heading-s">Recommendations</h3>
          {(item.recommendations ?? []).length === 0 && <p className="govuk-body">None yet.</p>}
          {(item.recommendations ?? []).map((r) => (
            <Recommendation key={r.id} rec={r} live={live} agencies={agencies} onDone={onDone} />
          ))}
          {live && <ProposeForm itemId={item.id} onDone={onDone} />}
          <h3 className="govuk-heading-s">Actions</h3>
          {(item.actions ?? []).length === 0 ? (
            <p className="govuk-body">None yet.</p>
          ) : (
            <ul className="govuk-list govuk-list--bullet">
              {item.actions!.map((a) => (
                <li key={a.id}>
                  {a.title} – {agencyName(a.ownerAgencyId)}, due {formatDate(a.dueOn)} <Tag code={a.status} />
                </li>
              ))}
            </ul>
          )}
          {live && item.caseId && (
            <ActionForm item={item} meetingId={meetingId} agencies={agencies} onDone={onDone} />
          )}
          {minutesOpen && <MinutesForm item={item} onDone={onDone} />}
          {!minutesOpen && item.minutes && (
            <SummaryList
              rows={[
                { key: 'Minutes', value: <span className="scp-pre">{item.minutes}</span> },
                item.summary ? { key: 'Summary', value: item.summary } : null,
                item.nextReviewOn ? { key: 'Next review', value: formatDate(item.nextReviewOn) } : null,
              ]}
            />
          )}
        </>
      )}
    </SummaryCard>
  );
}

function Recommendation({
  rec,
  live,
  agencies,
  onDone,
}: {
  rec: NonNullable<Item['recommendations']>[number];
  live: boolean;
  agencies: Agencies;
  onDone: () => unknown;
}) {
  const [decide] = useMutation(DECIDE);
  const [dissent] = useMutation(DISSENT);
  const form = useApiForm();
  const [agencyId, setAgencyId] = useState('');
  const [reason, setReason] = useState('');
  const agencyName = (aid: string) => agencies.find((a) => a.id === aid)?.name ?? 'Unknown agency';
  const dissentId = `dissent-${rec.id}`;
  return (
    <div className="govuk-!-margin-bottom-4">
      <ErrorSummary errors={form.errors} />
      <p className="govuk-body govuk-!-margin-bottom-1">
        <strong>{label(rec.category)}:</strong> {rec.text} <Tag code={rec.status} />
      </p>
      {(rec.dissents ?? []).map((d) => (
        <p className="govuk-body-s" key={d.agencyId}>
          Dissent from {agencyName(d.agencyId)}: {d.reason}
        </p>
      ))}
      {live && rec.status === 'PROPOSED' && (
        <div className="govuk-button-group">
          {(['AGREED', 'NOT_AGREED'] as const).map((s) => (
            <button
              key={s}
              type="button"
              className="govuk-button govuk-button--secondary"
              onClick={async () => {
                await form.submit([], () =>
                  decide({
                    variables: { input: { recommendationId: rec.id, version: rec.version ?? 1, status: s } },
                  }),
                );
                await onDone();
              }}
            >
              {s === 'AGREED' ? 'Agreed' : 'Not agreed'}
              <span className="govuk-visually-hidden">: {rec.text}</span>
            </button>
          ))}
        </div>
      )}
      {live && (
        <details className="govuk-details">
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">Record an agency’s dissent</span>
          </summary>
          <div className="govuk-details__text">
            <form
              noValidate
              onSubmit={async (e) => {
                e.preventDefault();
                const local = [];
                if (!agencyId)
                  local.push({ field: `${dissentId}-agency`, message: 'Select the agency that disagrees' });
                if (!reason.trim())
                  local.push({ field: `${dissentId}-reason`, message: 'Enter the reason for the dissent' });
                const ok = await form.submit(local, () =>
                  dissent({
                    variables: { input: { recommendationId: rec.id, agencyId, reason: reason.trim() } },
                  }),
                );
                if (ok) {
                  setReason('');
                  await onDone();
                }
              }}
            >
              <Select
                id={`${dissentId}-agency`}
                label="Agency"
                value={agencyId}
                onChange={setAgencyId}
                error={errorFor(form.errors, `${dissentId}-agency`)}
                options={[
                  { value: '', text: 'Choose an agency' },
                  ...agencies.map((a) => ({ value: a.id, text: a.name })),
                ]}
              />
              <TextInput
                id={`${dissentId}-reason`}
                label="Reason"
                value={reason}
                onChange={setReason}
                error={errorFor(form.errors, `${dissentId}-reason`)}
              />
              <Button secondary>Record the dissent</Button>
            </form>
          </div>
        </details>
      )}
    </div>
  );
}

const CATEGORIES = [
  'ORDER_APPLICATION',
  'CHARGE_ADVICE',
  'BAIL_OR_LICENCE_CONDITIONS',
  'MH_ASSESSMENT',
  'INTERVENTION',
  'VICTIM_SAFETY',
  'MAPPA_MARAC_REFERRAL',
  'OTHER',
];

function ProposeForm({ itemId, onDone }: { itemId: string; onDone: () => unknown }) {
  const [propose] = useMutation(PROPOSE);
  const form = useApiForm({ text: `rec-text-${itemId}` });
  const [category, setCategory] = useState('ORDER_APPLICATION');
  const [text, setText] = useState('');
  const id = `rec-text-${itemId}`;
  return (
    <form
      noValidate
      className="govuk-!-margin-bottom-4"
      onSubmit={async (e) => {
        e.preventDefault();
        const ok = await form.submit(
          text.trim() ? [] : [{ field: id, message: 'Enter the recommendation' }],
          () =>
            propose({
              variables: {
                input: { agendaItemId: itemId, category: category as 'OTHER', text: text.trim() },
              },
            }),
        );
        if (ok) {
          setText('');
          await onDone();
        }
      }}
    >
      <ErrorSummary errors={form.errors} />
      <Select
        id={`rec-category-${itemId}`}
        label="Type of recommendation"
        value={category}
        onChange={setCategory}
        options={CATEGORIES.map((c) => ({ value: c, text: label(c) }))}
      />
      <TextInput
        id={id}
        label="Recommendation"
        value={text}
        onChange={setText}
        error={errorFor(form.errors, id)}
      />
      <Button secondary>Add the recommendation</Button>
    </form>
  );
}

function ActionForm({
  item,
  meetingId,
  agencies,
  onDone,
}: {
  item: Item;
  meetingId: string;
  agencies: Agencies;
  onDone: () => unknown;
}) {
  const [create] = useMutation(CREATE_ACTION);
  const p = `action-${item.id}`;
  const form = useApiForm({ title: `${p}-title`, dueOn: `${p}-due`, ownerAgencyId: `${p}-owner` });
  const [title, setTitle] = useState('');
  const [owner, setOwner] = useState('');
  const [due, setDue] = useState<DateParts>({ day: '', month: '', year: '' });
  const [priority, setPriority] = useState('MEDIUM');
  const [recommendationId, setRecommendationId] = useState('');
  const agreed = (item.recommendations ?? []).filter((r) => r.status === 'AGREED');
  return (
    <details className="govuk-details">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Record an action for {itemTitle(item)}</span>
      </summary>
      <div className="govuk-details__text">
        <form
          noValidate
          onSubmit={async (e) => {
            e.preventDefault();
            const local = [];
            if (!title.trim()) local.push({ field: `${p}-title`, message: 'Enter what the action is' });
            if (!owner)
              local.push({ field: `${p}-owner`, message: 'Select the agency that owns the action' });
            const d = datePartsToIso(due, 'the due date');
            if (d.error) local.push({ field: `${p}-due`, message: d.error });
            const ok = await form.submit(local, () =>
              create({
                variables: {
                  input: {
                    caseId: item.caseId!,
                    meetingId,
                    recommendationId: recommendationId || undefined,
                    title: title.trim(),
                    ownerAgencyId: owner,
                    dueOn: d.value!,
                    priority: priority as 'MEDIUM',
                  },
                },
              }),
            );
            if (ok) {
              setTitle('');
              setDue({ day: '', month: '', year: '' });
              await onDone();
            }
          }}
        >
          <ErrorSummary errors={form.errors} />
          <TextInput
            id={`${p}-title`}
            label="Action"
            value={title}
            onChange={setTitle}
            error={errorFor(form.errors, `${p}-title`)}
          />
          <Select
            id={`${p}-owner`}
            label="Owner agency"
            value={owner}
            onChange={setOwner}
            error={errorFor(form.errors, `${p}-owner`)}
            options={[
              { value: '', text: 'Choose an agency' },
              ...agencies.map((a) => ({ value: a.id, text: a.name })),
            ]}
          />
          <DateInput
            id={`${p}-due`}
            label="Due date"
            hint="For example, 20 1 2027"
            value={due}
            onChange={setDue}
            error={errorFor(form.errors, `${p}-due`)}
          />
          <Radios
            id={`${p}-priority`}
            label="Priority"
            inline
            value={priority}
            onChange={setPriority}
            options={['HIGH', 'MEDIUM', 'LOW'].map((x) => ({ value: x, text: label(x) }))}
          />
          {agreed.length > 0 && (
            <Select
              id={`${p}-rec`}
              label="From recommendation (optional)"
              value={recommendationId}
              onChange={setRecommendationId}
              options={[
                { value: '', text: 'None' },
                ...agreed.map((r) => ({ value: r.id, text: r.text ?? '' })),
              ]}
            />
          )}
          <Button secondary>Record the action</Button>
        </form>
      </div>
    </details>
  );
}

function MinutesForm({ item, onDone }: { item: Item; onDone: () => unknown }) {
  const [draft] = useMutation(DRAFT_MINUTES);
  const p = `minutes-${item.id}`;
  const form = useApiForm({ minutes: `${p}-text`, summary: `${p}-summary`, nextReviewOn: `${p}-review` });
  const [minutes, setMinutes] = useState(item.minutes ?? '');
  const [summary, setSummary] = useState(item.summary ?? '');
  const [review, setReview] = useState<DateParts>(isoToDateParts(item.nextReviewOn));
  const [saved, setSaved] = useState(false);
  return (
    <form
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const local = [];
        const empty = !review.day && !review.month && !review.year;
        const d = empty ? {} : datePartsToIso(review, 'the next review date');
        if (d.error) local.push({ field: `${p}-review`, message: d.error });
        const ok = await form.submit(local, () =>
          draft({
            variables: {
              input: {
                agendaItemId: item.id,
                version: item.version ?? 0,
                minutes: minutes.trim() || undefined,
                summary: summary.trim() || undefined,
                nextReviewOn: d.value,
              },
            },
          }),
        );
        setSaved(ok);
        await onDone();
      }}
    >
      {form.kind === 'conflict' && (
        <NotificationBanner heading="Someone else saved these minutes while you were writing. The newer version is shown on this page; copy your changes into it and save again." />
      )}
      <ErrorSummary errors={form.errors} />
      {saved && (
        <p className="govuk-body" role="status">
          Notes saved.
        </p>
      )}
      <Textarea
        id={`${p}-text`}
        label={`Notes for ${itemTitle(item)}`}
        value={minutes}
        onChange={setMinutes}
        error={errorFor(form.errors, `${p}-text`)}
      />
      <TextInput
        id={`${p}-summary`}
        label="Summary for the executive summary (optional)"
        value={summary}
        onChange={setSummary}
        error={errorFor(form.errors, `${p}-summary`)}
      />
      <DateInput
        id={`${p}-review`}
        label="Next review date (optional)"
        value={review}
        onChange={setReview}
        error={errorFor(form.errors, `${p}-review`)}
      />
      <Button secondary disabled={form.busy}>
        Save the notes
      </Button>
    </form>
  );
}
