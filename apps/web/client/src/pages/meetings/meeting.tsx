import { useState } from 'react';
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
  Select,
  SummaryList,
  Tag,
  Textarea,
  TextInput,
} from '../../components/govuk';
import { WidePage } from '../../components/page';
import { formatDate, formatDateTime, formatDayDate, formatTime } from '../../lib/dates';
import { label } from '../../lib/labels';
import { abilities, useMe } from '../../lib/me';
import { useApiForm } from '../../lib/use-api-form';
import { MEETING } from './meeting-queries';

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
const ADD_ITEM = graphql(`
  mutation AddAgendaItem($input: AddAgendaItemInput!) {
    addAgendaItem(input: $input) {
      id
      position
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
const DEFER_ITEM = graphql(`
  mutation DeferAgendaItem($input: DeferAgendaItemInput!) {
    deferAgendaItem(input: $input) {
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
const INVITE = graphql(`
  mutation InviteAttendee($input: InviteAttendeeInput!) {
    inviteAttendee(input: $input) {
      id
    }
  }
`);
const LISTABLE = graphql(`
  query ListableCases($clinicId: ID!) {
    cases(
      filter: { clinicId: $clinicId, status: [AWAITING_LISTING, LISTED, ACTIVE, MONITORING, ESCALATED] }
      first: 50
    ) {
      edges {
        node {
          id
          reference
          status
        }
      }
    }
  }
`);
const DIRECTORY = graphql(`
  query InvitableUsers {
    users(first: 100) {
      nodes {
        id
        displayName
        agency {
          id
          name
        }
      }
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
  const [accept] = useMutation(ACCEPT);
  const [done, setDone] = useState<string | undefined>(flash);
  const statusForm = useApiForm();
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

  return (
    <>
      <BackLink to="/meetings">Back to {can.clinicStaff ? 'the clinic calendar' : 'meetings'}</BackLink>
      <WidePage title={m.title} caption={formatDayDate(m.startsAt)} error={statusForm.errors.length > 0}>
        {done && <NotificationBanner success heading={done} />}
        <ErrorSummary errors={statusForm.errors} />
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
          <Link className="govuk-link" to={`/meetings/${m.id}/pack`}>
            Print the clinic pack
          </Link>
        </div>

        <h2 className="govuk-heading-m">Agenda</h2>
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
                    <span className="govuk-visually-hidden">Change the order</span>
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
                          className="govuk-button govuk-button--secondary govuk-!-margin-bottom-1 govuk-!-margin-right-1"
                          onClick={async () => {
                            await move({
                              variables: { input: { agendaItemId: e.id, position: e.position - 1 } },
                            });
                            await refetch();
                          }}
                        >
                          Move up<span className="govuk-visually-hidden"> {itemTitle(e)}</span>
                        </button>
                      )}
                      {i < m.agenda.length - 1 && (
                        <button
                          type="button"
                          className="govuk-button govuk-button--secondary govuk-!-margin-bottom-1"
                          onClick={async () => {
                            await move({
                              variables: { input: { agendaItemId: e.id, position: e.position + 1 } },
                            });
                            await refetch();
                          }}
                        >
                          Move down<span className="govuk-visually-hidden"> {itemTitle(e)}</span>
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

function AddItemForm({
  meetingId,
  clinicId,
  onAdded,
}: {
  meetingId: string;
  clinicId: string;
  onAdded: () => unknown;
}) {
  const { data } = useQuery(LISTABLE, { variables: { clinicId } });
  const [add] = useMutation(ADD_ITEM);
  const form = useApiForm({ caseId: 'item-case', durationMinutes: 'item-duration', title: 'item-title' });
  const [caseId, setCaseId] = useState('');
  const [kind, setKind] = useState('REVIEW');
  const [duration, setDuration] = useState('30');
  const [added, setAdded] = useState<string>();
  const options = (data?.cases.edges ?? []).map((e) => ({
    value: e.node.id,
    text: `${e.node.reference} (${label(e.node.status)})`,
  }));
  const onSubmit = async (ev: React.FormEvent) => {
    ev.preventDefault();
    const minutes = Number(duration);
    const local = [];
    if (!caseId && kind !== 'AOB' && kind !== 'OUTSTANDING_ACTIONS')
      local.push({ field: 'item-case', message: 'Select the case to list' });
    if (!Number.isInteger(minutes) || minutes < 5 || minutes > 240)
      local.push({ field: 'item-duration', message: 'Enter a time between 5 and 240 minutes' });
    const ok = await form.submit(local, () =>
      add({
        variables: {
          input: {
            meetingId,
            kind: kind as 'REVIEW',
            caseId: caseId || undefined,
            durationMinutes: minutes,
            title: caseId ? undefined : label(kind),
          },
        },
      }),
    );
    if (ok) {
      setAdded(options.find((o) => o.value === caseId)?.text ?? label(kind));
      setCaseId('');
      await onAdded();
    }
  };
  return (
    <form onSubmit={onSubmit} noValidate className="scp-no-print govuk-!-margin-bottom-6">
      <h2 className="govuk-heading-m">Add an item to the agenda</h2>
      {added && (
        <p className="govuk-body" role="status">
          Added {added}.
        </p>
      )}
      <ErrorSummary errors={form.errors} />
      <Select
        id="item-kind"
        label="Type of item"
        value={kind}
        onChange={setKind}
        options={['REVIEW', 'NEW_REFERRAL', 'URGENT', 'OUTSTANDING_ACTIONS', 'AOB'].map((k) => ({
          value: k,
          text: label(k),
        }))}
      />
      <Select
        id="item-case"
        label="Case"
        value={caseId}
        onChange={setCaseId}
        error={errorFor(form.errors, 'item-case')}
        options={[{ value: '', text: 'Choose a case' }, ...options]}
      />
      <TextInput
        id="item-duration"
        label="Time for the item, in minutes"
        width="3"
        inputMode="numeric"
        value={duration}
        onChange={setDuration}
        error={errorFor(form.errors, 'item-duration')}
      />
      <Button secondary disabled={form.busy}>
        Add to the agenda
      </Button>
    </form>
  );
}

function DeferForm({ items, onDone }: { items: Item[]; onDone: () => unknown }) {
  const [defer] = useMutation(DEFER_ITEM);
  const form = useApiForm({ note: 'defer-note' });
  const [itemId, setItemId] = useState('');
  const [reason, setReason] = useState('REFERRER_NOT_BRIEFED');
  const [note, setNote] = useState('');
  if (!items.length) return null;
  const onSubmit = async (ev: React.FormEvent) => {
    ev.preventDefault();
    const item = items.find((i) => i.id === itemId);
    const local = item ? [] : [{ field: 'defer-item', message: 'Select the item to defer' }];
    const ok = await form.submit(local, () =>
      defer({
        variables: {
          input: {
            agendaItemId: itemId,
            version: item!.version ?? 0,
            reason: reason as 'TIME',
            note: note.trim() || undefined,
          },
        },
      }),
    );
    if (ok) {
      setItemId('');
      setNote('');
      await onDone();
    }
  };
  return (
    <form onSubmit={onSubmit} noValidate className="scp-no-print govuk-!-margin-bottom-6">
      <h2 className="govuk-heading-m">Defer an item</h2>
      <ErrorSummary errors={form.errors} />
      <Select
        id="defer-item"
        label="Item"
        value={itemId}
        onChange={setItemId}
        error={errorFor(form.errors, 'defer-item')}
        options={[
          { value: '', text: 'Choose an item' },
          ...items.map((i) => ({ value: i.id, text: itemTitle(i) })),
        ]}
      />
      <Select
        id="defer-reason"
        label="Reason"
        value={reason}
        onChange={setReason}
        options={['REFERRER_NOT_BRIEFED', 'INFO_NOT_RECEIVED', 'TIME', 'OTHER'].map((r) => ({
          value: r,
          text: label(r),
        }))}
      />
      <TextInput
        id="defer-note"
        label="Note (optional)"
        value={note}
        onChange={setNote}
        error={errorFor(form.errors, 'defer-note')}
      />
      <Button secondary disabled={form.busy}>
        Defer the item
      </Button>
    </form>
  );
}

function InviteForm({ meetingId, onDone }: { meetingId: string; onDone: () => unknown }) {
  const { data } = useQuery(DIRECTORY);
  const [invite] = useMutation(INVITE);
  const form = useApiForm();
  const [userId, setUserId] = useState('');
  const users = data?.users?.nodes ?? [];
  if (!users.length) return null;
  const onSubmit = async (ev: React.FormEvent) => {
    ev.preventDefault();
    const u = users.find((x) => x.id === userId);
    const ok = await form.submit(
      u ? [] : [{ field: 'invite-user', message: 'Select the person to invite' }],
      () => invite({ variables: { input: { meetingId, userId, agencyId: u!.agency!.id } } }),
    );
    if (ok) {
      setUserId('');
      await onDone();
    }
  };
  return (
    <form onSubmit={onSubmit} noValidate className="scp-no-print govuk-!-margin-bottom-6">
      <h2 className="govuk-heading-m">Invite someone</h2>
      <ErrorSummary errors={form.errors} />
      <Select
        id="invite-user"
        label="Person"
        value={userId}
        onChange={setUserId}
        error={errorFor(form.errors, 'invite-user')}
        options={[
          { value: '', text: 'Choose a person' },
          ...users.map((u) => ({
            value: u.id,
            text: `${u.displayName}${u.agency ? ` (${u.agency.name})` : ''}`,
          })),
        ]}
      />
      <Button secondary disabled={form.busy}>
        Invite
      </Button>
    </form>
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
