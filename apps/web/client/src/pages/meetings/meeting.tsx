import { useEffect, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { graphql } from '../../generated';
import type { MeetingQuery } from '../../generated/graphql';
import {
  BackLink,
  Button,
  ButtonLink,
  Empty,
  ErrorSummary,
  errorFor,
  InsetText,
  Loading,
  NotificationBanner,
  SummaryList,
  Tag,
  Textarea,
} from '../../components/govuk';
import { WidePage } from '../../components/page';
import { formatDate, formatDateTime, formatDayDate, formatTime } from '../../lib/dates';
import { label } from '../../lib/labels';
import { abilities, useMe } from '../../lib/me';
import { useApiForm } from '../../lib/use-api-form';
import { AddItemForm, DeferForm, InviteForm } from './agenda-forms';
import { CancelMeetingForm, RescheduleForm } from './meeting-changes';
import { MEETING } from './meeting-queries';
import { PartnerRecommendations } from './recommendation';

type Meeting = MeetingQuery['meeting'];
export type Entry = Meeting['agenda'][number];
export type Item = Extract<Entry, { __typename: 'AgendaItem' }>;
export const isItem = (e: Entry): e is Item => e.__typename === 'AgendaItem';

const CHANGE_STATUS = graphql(`
  mutation ChangeMeetingStatus($input: ChangeMeetingStatusInput!) {
    changeMeetingStatus(input: $input) {
      id
      status
      version
    }
  }
`);
const MOVE_ITEM = graphql(`
  mutation MoveAgendaItem($input: MoveAgendaItemInput!) {
    moveAgendaItem(input: $input) {
      id
      position
      startsAt
    }
  }
`);
const REMOVE_ITEM = graphql(`
  mutation RemoveAgendaItem($input: RemoveAgendaItemInput!) {
    removeAgendaItem(input: $input) {
      id
      position
    }
  }
`);
const ACCEPT = graphql(`
  mutation AcceptConfidentiality($meetingId: ID!) {
    acceptConfidentiality(meetingId: $meetingId) {
      id
      confidentialityAcceptedAt
    }
  }
`);
const CONTRIBUTE = graphql(`
  mutation SubmitContribution($input: SubmitContributionInput!) {
    submitContribution(input: $input) {
      id
      submittedAt
    }
  }
`);

export const endOf = (e: { startsAt: string; durationMinutes: number }) =>
  new Date(new Date(e.startsAt).getTime() + e.durationMinutes * 60_000).toISOString();

export function itemTitle(e: Entry): string {
  if (!isItem(e)) return 'Restricted item';
  if (e.case?.reference) return `${e.case.reference}${e.title ? `: ${e.title}` : ''}`;
  return e.title ?? label(e.kind);
}

/** The meeting: details, agenda (other cases as placeholders), attendees and the next step for this user. */
export function MeetingPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const can = abilities(me);
  const location = useLocation();
  const flash = (location.state as { flash?: string } | null)?.flash;
  const { data, loading, refetch } = useQuery(MEETING, { variables: { id } });
  const [changeStatus] = useMutation(CHANGE_STATUS);
  const [move] = useMutation(MOVE_ITEM);
  const [removeItem] = useMutation(REMOVE_ITEM);
  const [accept] = useMutation(ACCEPT);
  const [done, setDone] = useState<string | undefined>(flash);
  const [moved, setMoved] = useState<{ id: string; to: number }>();
  const statusForm = useApiForm();
  const removeForm = useApiForm({ agendaItemId: 'agenda' });
  // Keyboard focus stays with the item moved: its own button (up, or down once it is first).
  useEffect(() => {
    // Once the agenda read again shows the item in its new place (not before: the old rows
    // would still be there).
    const at = data?.meeting?.agenda.find((e) => e.id === moved?.id);
    if (!moved || at?.position !== moved.to) return;
    const target =
      document.getElementById(`move-up-${moved.id}`) ?? document.getElementById(`move-down-${moved.id}`);
    target?.focus();
    setMoved(undefined);
  }, [moved, data]);
  if (loading && !data) return <Loading what="meeting" />;
  const m = data?.meeting;
  if (!m)
    return (
      <WidePage title="Meeting not found">
        <p className="govuk-body">This meeting does not exist or you cannot see it.</p>
      </WidePage>
    );
  const officer = can.clinicStaff && me.clinics.some((c) => c.id === m.clinicId);
  const agencyName = (aid: string | null | undefined) =>
    data?.agencies.find((a) => a.id === aid)?.name ?? 'Unknown agency';
  const editable = officer && (m.status === 'SCHEDULED' || m.status === 'AGENDA_PUBLISHED');
  const mustAccept = m.myAttendance && !m.myAttendance.confidentialityAcceptedAt;

  const toStatus = async (
    to: 'AGENDA_PUBLISHED' | 'IN_PROGRESS' | 'MINUTES_DRAFT' | 'MINUTES_APPROVED',
    message: string,
  ) => {
    const ok = await statusForm.submit([], () =>
      changeStatus({ variables: { input: { meetingId: m.id, version: m.version, to } } }),
    );
    await refetch();
    if (ok) setDone(message);
  };

  const after = async (message: string) => {
    await refetch();
    setDone(message);
  };

  return (
    <>
      <BackLink to="/meetings">Back to {can.clinicStaff ? 'the clinic calendar' : 'meetings'}</BackLink>
      <WidePage title={m.title} caption={formatDayDate(m.startsAt)} error={statusForm.errors.length > 0}>
        {done && <NotificationBanner success heading={done} />}
        <ErrorSummary errors={[...statusForm.errors, ...removeForm.errors]} />
        {statusForm.kind === 'conflict' && (
          <NotificationBanner heading="Someone else changed this meeting while you were looking at it. Check the latest version below and try again." />
        )}
        <SummaryList
          rows={[
            { key: 'Status', value: <Tag code={m.status} /> },
            { key: 'Time', value: `${formatTime(m.startsAt)} to ${formatTime(m.endsAt)} (UK time)` },
            m.place ? { key: 'Place', value: m.place } : null,
            m.virtualLink ? { key: 'Online', value: <span className="scp-pre">{m.virtualLink}</span> } : null,
            { key: 'New referrals due by', value: formatDate(m.referralDeadlineOn) },
            {
              key: 'Agenda due to be published',
              value: (
                <>
                  {formatDate(m.agendaPublicationDueOn)}
                  {m.agendaPublishedAt && ` (published ${formatDateTime(m.agendaPublishedAt)})`}
                  {m.agendaPublicationLate && (
                    <>
                      {' '}
                      <Tag code="OVERDUE" text="Late" />
                    </>
                  )}
                </>
              ),
            },
          ]}
        />

        {mustAccept && (
          <div className="govuk-!-margin-bottom-6">
            <h2 className="govuk-heading-m">Confidentiality statement</h2>
            <InsetText>{m.confidentialityStatement}</InsetText>
            <p className="govuk-body">
              You need to accept the statement before you can see the cases on the agenda.
            </p>
            <Button
              onClick={async () => {
                await accept({ variables: { meetingId: m.id } });
                await refetch();
                setDone('You accepted the confidentiality statement');
              }}
              type="button"
            >
              I accept the confidentiality statement
            </Button>
          </div>
        )}

        <div className="scp-no-print govuk-button-group">
          {officer && m.status === 'SCHEDULED' && (
            <Button type="button" onClick={() => toStatus('AGENDA_PUBLISHED', 'Agenda published')}>
              Publish the agenda
            </Button>
          )}
          {officer && can.chair && m.status === 'AGENDA_PUBLISHED' && (
            <Button type="button" onClick={() => toStatus('IN_PROGRESS', 'Meeting started')}>
              Start the meeting
            </Button>
          )}
          {officer && ['IN_PROGRESS', 'MINUTES_DRAFT'].includes(m.status) && (
            <ButtonLink to={`/meetings/${m.id}/run`}>
              {m.status === 'IN_PROGRESS' ? 'Run the meeting' : 'Draft the minutes'}
            </ButtonLink>
          )}
          {m.status === 'MINUTES_APPROVED' && (
            <ButtonLink to={`/meetings/${m.id}/minutes`}>Read the approved minutes</ButtonLink>
          )}
          <Link className="govuk-link" to={`/meetings/${m.id}/pack`}>
            Print the clinic pack
          </Link>
        </div>
        {m.status === 'CANCELLED' && m.cancelReason && (
          <p className="govuk-body">Cancelled: {m.cancelReason}</p>
        )}
        {editable && <RescheduleForm meeting={m} onDone={after} />}
        {editable && can.chair && <CancelMeetingForm meeting={m} onDone={after} />}

        <h2 className="govuk-heading-m" id="agenda" tabIndex={-1}>
          Agenda
        </h2>
        {m.agenda.length === 0 ? (
          <Empty>Nothing is on the agenda yet.</Empty>
        ) : (
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-visually-hidden">Agenda</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Time
                </th>
                <th scope="col" className="govuk-table__header">
                  Item
                </th>
                <th scope="col" className="govuk-table__header">
                  Contributions
                </th>
                {editable && (
                  <th scope="col" className="govuk-table__header">
                    <span className="govuk-visually-hidden">Change the order or remove</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {m.agenda.map((e, i) => (
                <tr className="govuk-table__row" key={e.id} data-testid="agenda-row">
                  <td className="govuk-table__cell">
                    {formatTime(e.startsAt)} to {formatTime(endOf(e))}
                  </td>
                  <th scope="row" className="govuk-table__header">
                    {isItem(e) ? (
                      <>
                        {e.caseId ? (
                          <Link className="govuk-link" to={`/cases/${e.caseId}`}>
                            {itemTitle(e)}
                          </Link>
                        ) : (
                          itemTitle(e)
                        )}
                        <span className="govuk-hint govuk-!-margin-bottom-0">{label(e.kind)}</span>
                        {e.deferralReason && (
                          <>
                            <Tag code="NOT_COMPLETED" text="Deferred" />{' '}
                            <span className="govuk-body-s">{label(e.deferralReason)}</span>
                          </>
                        )}
                      </>
                    ) : (
                      <span className="scp-restricted" data-testid="restricted-item">
                        Restricted item – a case your agency does not take part in
                      </span>
                    )}
                  </th>
                  <td className="govuk-table__cell">
                    {isItem(e) && e.contributionStatus ? (
                      <ul className="govuk-list govuk-body-s">
                        {e.contributionStatus.map((c) => (
                          <li key={c.agencyId}>
                            {agencyName(c.agencyId)}:{' '}
                            {c.submitted ? (
                              <Tag code="COMPLETED" text="Received" />
                            ) : c.missing ? (
                              <Tag code="OVERDUE" text="Missing" />
                            ) : (
                              <Tag code="DRAFT" text="Not yet" />
                            )}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </td>
                  {editable && (
                    <td className="govuk-table__cell">
                      {i > 0 && (
                        <button
                          type="button"
                          id={`move-up-${e.id}`}
                          className="govuk-button govuk-button--secondary govuk-!-margin-bottom-1 govuk-!-margin-right-1"
                          onClick={async () => {
                            await move({
                              variables: { input: { agendaItemId: e.id, position: e.position - 1 } },
                            });
                            setMoved({ id: e.id, to: e.position - 1 });
                            await refetch();
                          }}
                        >
                          Move up<span className="govuk-visually-hidden"> {itemTitle(e)}</span>
                        </button>
                      )}
                      {i < m.agenda.length - 1 && (
                        <button
                          type="button"
                          id={`move-down-${e.id}`}
                          className="govuk-button govuk-button--secondary govuk-!-margin-bottom-1"
                          onClick={async () => {
                            await move({
                              variables: { input: { agendaItemId: e.id, position: e.position + 1 } },
                            });
                            setMoved({ id: e.id, to: e.position + 1 });
                            await refetch();
                          }}
                        >
                          Move down<span className="govuk-visually-hidden"> {itemTitle(e)}</span>
                        </button>
                      )}
                      {m.status === 'SCHEDULED' && isItem(e) && (
                        // Before publication the agenda is the coordinator's working list; after
                        // it, an item is deferred with a reason instead (the API refuses removal).
                        <button
                          type="button"
                          className="govuk-button govuk-button--warning govuk-!-margin-bottom-1 govuk-!-margin-left-1"
                          onClick={async () => {
                            setDone(undefined);
                            const ok = await removeForm.submit([], () =>
                              removeItem({
                                variables: { input: { agendaItemId: e.id, version: e.version ?? 0 } },
                              }),
                            );
                            await refetch().catch(() => undefined);
                            if (ok) setDone(`${itemTitle(e)} removed from the agenda`);
                          }}
                        >
                          Remove<span className="govuk-visually-hidden"> {itemTitle(e)}</span>
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}

        {editable && <AddItemForm meetingId={m.id} clinicId={m.clinicId} onAdded={refetch} />}
        {editable && (
          <DeferForm items={m.agenda.filter(isItem).filter((e) => !e.deferralReason)} onDone={refetch} />
        )}
        {officer && can.coordinator && <InviteForm meetingId={m.id} onDone={refetch} />}

        {!officer &&
          m.myAttendance?.confidentialityAcceptedAt &&
          ['SCHEDULED', 'AGENDA_PUBLISHED'].includes(m.status) && (
            <ContributionForms items={m.agenda.filter(isItem)} agencyId={me.agency.id} onDone={refetch} />
          )}

        {!officer && ['IN_PROGRESS', 'MINUTES_DRAFT'].includes(m.status) && (
          <PartnerRecommendations
            items={m.agenda.filter(isItem)}
            agency={me.agency}
            agencies={data?.agencies ?? []}
            onDone={refetch}
          />
        )}

        <h2 className="govuk-heading-m">Attendees</h2>
        {m.attendees.length === 0 ? (
          <Empty>No one has been invited yet.</Empty>
        ) : (
          <ul className="govuk-list">
            {m.attendees.map((a) => (
              <li key={a.id}>
                {agencyName(a.agencyId)} – {label(a.status)}
                {a.confidentialityAcceptedAt
                  ? ', accepted the confidentiality statement'
                  : ', has not accepted the confidentiality statement yet'}
              </li>
            ))}
          </ul>
        )}
      </WidePage>
    </>
  );
}

function ContributionForms({
  items,
  agencyId,
  onDone,
}: {
  items: Item[];
  agencyId: string;
  onDone: () => unknown;
}) {
  const cases = items.filter((i) => i.caseId);
  if (!cases.length) return null;
  return (
    <div className="scp-no-print">
      <h2 className="govuk-heading-m">Your agency’s contributions</h2>
      {cases.map((i) => (
        <ContributionForm key={i.id} item={i} agencyId={agencyId} onDone={onDone} />
      ))}
    </div>
  );
}

function ContributionForm({
  item,
  agencyId,
  onDone,
}: {
  item: Item;
  agencyId: string;
  onDone: () => unknown;
}) {
  const mine = item.contributions?.find((c) => c.agencyId === agencyId);
  const [text, setText] = useState('');
  const [contribute] = useMutation(CONTRIBUTE);
  const form = useApiForm({ text: `contribution-${item.id}` });
  const id = `contribution-${item.id}`;
  const onSubmit = async (ev: React.FormEvent) => {
    ev.preventDefault();
    const ok = await form.submit(
      text.trim() ? [] : [{ field: id, message: 'Enter your agency’s contribution' }],
      () => contribute({ variables: { input: { agendaItemId: item.id, text: text.trim() } } }),
    );
    if (ok) {
      setText('');
      await onDone();
    }
  };
  return (
    <form onSubmit={onSubmit} noValidate className="govuk-!-margin-bottom-6">
      <ErrorSummary errors={form.errors} />
      {mine && (
        <InsetText>
          You sent a contribution{mine.submittedAt ? ` on ${formatDateTime(mine.submittedAt)}` : ''}:{' '}
          <span className="scp-pre">{mine.text}</span>
        </InsetText>
      )}
      <Textarea
        id={id}
        label={`Contribution for ${itemTitle(item)}`}
        value={text}
        onChange={setText}
        error={errorFor(form.errors, id)}
      />
      <Button secondary disabled={form.busy}>
        Send the contribution
      </Button>
    </form>
  );
}
