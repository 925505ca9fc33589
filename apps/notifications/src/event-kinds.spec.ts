import { randomUUID } from 'node:crypto';
import { EVENT_TYPES, type EventType } from '@scp/contracts';
import { KIND_CODES, NOTIFICATION_KINDS } from '@scp/notifications';
import { startNotificationsHarness, type NotificationsHarness } from './testing/notifications-harness.js';

/**
 * For every kind: the right recipients get exactly one inbox item and the wrong ones none, and
 * the event delivered a second time changes nothing. Recipients come from the stand-in for the
 * cases service, evaluated with its rules (participation now, roles, clinic officers).
 */
describe('every notification kind reaches the right people once', () => {
  let h: NotificationsHarness;
  const clinic = randomUUID();
  const otherClinic = randomUUID();
  const caseId = randomUUID();
  const police = randomUUID();
  const council = randomUUID();
  const advocacy = randomUUID();
  const otherPolice = randomUUID();
  const people: Record<string, string> = {};

  beforeAll(async () => {
    h = await startNotificationsHarness({ worker: false });
    const d = h.directory;
    people.chair = d.person('chair', police, ['CLINIC_CHAIR', 'POLICE_SPOC'], [clinic]).userId;
    people.coord = d.person('coord', council, ['CLINIC_COORDINATOR'], [clinic]).userId;
    people.spoc = d.person('spoc', police, ['POLICE_SPOC']).userId;
    people.advocate = d.person('advocate', advocacy, ['VICTIM_ADVOCATE']).userId;
    people.outsider = d.person('outsider', otherPolice, ['POLICE_SPOC']).userId;
    people.dpo = d.person('dpo', police, ['AUDITOR_DPO']).userId;
    people.otherDpo = d.person('otherDpo', advocacy, ['AUDITOR_DPO']).userId;
    people.otherChair = d.person('otherChair', otherPolice, ['CLINIC_CHAIR'], [otherClinic]).userId;
    d.participation.set(caseId, new Set([police, advocacy]));
    d.caseClinic.set(caseId, clinic);
  });
  afterAll(async () => h?.close());

  const meeting = () => ({
    meetingId: randomUUID(),
    clinicId: clinic,
    startsAt: '2027-03-30T09:00:00.000Z',
    endsAt: '2027-03-30T12:00:00.000Z',
    status: 'SCHEDULED',
    icsSequence: 0,
    attendeeUserIds: [people.chair!, people.advocate!],
  });
  const action = () => ({
    actionId: randomUUID(),
    caseId,
    clinicId: clinic,
    ownerAgencyId: police,
    ownerUserId: null,
  });
  const cases: [
    kind: string,
    event: EventType,
    payload: () => Record<string, unknown>,
    expected: string[],
  ][] = [
    [
      'REFERRAL_SUBMITTED',
      EVENT_TYPES.referralSubmitted,
      () => ({ referralId: randomUUID(), clinicId: clinic }),
      ['chair', 'coord'],
    ],
    [
      'REFERRAL_MORE_INFO_REQUESTED',
      EVENT_TYPES.referralMoreInfoRequested,
      () => ({ referralId: randomUUID(), clinicId: clinic, referrerUserId: people.spoc }),
      ['spoc'],
    ],
    [
      'REFERRAL_ACCEPTED',
      EVENT_TYPES.referralAccepted,
      () => ({ referralId: randomUUID(), clinicId: clinic, referrerUserId: people.spoc }),
      ['spoc'],
    ],
    [
      'REFERRAL_DECLINED',
      EVENT_TYPES.referralDeclined,
      () => ({ referralId: randomUUID(), clinicId: clinic, referrerUserId: people.spoc }),
      ['spoc'],
    ],
    [
      'URGENT_REFERRAL_OVERDUE',
      EVENT_TYPES.referralScreeningOverdue,
      () => ({ referralId: randomUUID(), clinicId: clinic }),
      ['chair', 'coord'],
    ],
    [
      'PARTICIPATION_ADDED',
      EVENT_TYPES.participationAdded,
      () => ({ caseId, clinicId: clinic, agencyId: advocacy }),
      ['advocate'],
    ],
    [
      'PARTICIPATION_ENDED',
      EVENT_TYPES.participationEnded,
      () => ({ caseId, clinicId: clinic, agencyId: advocacy }),
      ['advocate'],
    ],
    [
      'MEETING_INVITATION',
      EVENT_TYPES.attendeeInvited,
      () => ({ ...meeting(), attendeeUserId: people.advocate }),
      ['advocate'],
    ],
    ['MEETING_RESCHEDULED', EVENT_TYPES.meetingRescheduled, meeting, ['advocate', 'chair']],
    ['MEETING_CANCELLED', EVENT_TYPES.meetingCancelled, meeting, ['advocate', 'chair']],
    ['AGENDA_PUBLISHED', EVENT_TYPES.agendaPublished, meeting, ['advocate', 'chair']],
    ['MINUTES_APPROVED', EVENT_TYPES.minutesApproved, meeting, ['advocate', 'chair']],
    [
      'CONTRIBUTION_DUE',
      EVENT_TYPES.contributionDue,
      () => ({ caseId, clinicId: clinic, agencyId: advocacy, meetingId: randomUUID() }),
      ['advocate'],
    ],
    [
      'CONTRIBUTION_MISSING',
      EVENT_TYPES.contributionMissing,
      () => ({ caseId, clinicId: clinic, agencyId: advocacy, meetingId: randomUUID() }),
      ['advocate'],
    ],
    ['ACTION_ASSIGNED', EVENT_TYPES.actionAssigned, action, ['chair', 'spoc']],
    ['ACTION_DUE_SOON', EVENT_TYPES.actionDueSoon, action, ['chair', 'spoc']],
    ['ACTION_DUE', EVENT_TYPES.actionDue, action, ['chair', 'spoc']],
    ['ACTION_OVERDUE', EVENT_TYPES.actionOverdue, action, ['chair', 'spoc']],
    ['ACTION_ESCALATED', EVENT_TYPES.actionEscalated, action, ['chair', 'coord']],
    [
      // The victim's advocate on the case acts on her safety (issue 14).
      'BREACH_RECORDED',
      EVENT_TYPES.breachRecorded,
      () => ({ caseId, clinicId: clinic, breachId: randomUUID() }),
      ['advocate', 'chair', 'coord', 'spoc'],
    ],
    [
      // Only the officer named to decide, on a case their force takes part in.
      'BREACH_APPROVAL_REQUESTED',
      EVENT_TYPES.breachApprovalRequested,
      () => ({ caseId, clinicId: clinic, breachId: randomUUID(), approverUserId: people.chair }),
      ['chair'],
    ],
    [
      'BREACH_REASON_REJECTED',
      EVENT_TYPES.breachApprovalDecided,
      () => ({
        caseId,
        clinicId: clinic,
        breachId: randomUUID(),
        decision: 'REJECTED',
        recorderUserId: people.spoc,
      }),
      ['spoc'],
    ],
    [
      // An approval tells nobody: the breach page shows it.
      'BREACH_REASON_REJECTED',
      EVENT_TYPES.breachApprovalDecided,
      () => ({
        caseId,
        clinicId: clinic,
        breachId: randomUUID(),
        decision: 'APPROVED',
        recorderUserId: people.spoc,
      }),
      [],
    ],
    [
      'URGENT_REVIEW_REQUESTED',
      EVENT_TYPES.urgentReviewRequested,
      () => ({ caseId, clinicId: clinic, breachId: randomUUID() }),
      ['chair', 'coord', 'spoc'],
    ],
    [
      'SPO_NOTIFICATION_DUE',
      EVENT_TYPES.orderNotificationDue,
      () => ({ caseId, clinicId: clinic, orderId: randomUUID(), dueOn: '2027-04-07' }),
      ['chair', 'spoc'],
    ],
    [
      'URGENT_REVIEW_HELD',
      EVENT_TYPES.urgentReviewCleared,
      () => ({ caseId, clinicId: clinic, urgentReviewId: randomUUID(), meetingId: randomUUID() }),
      ['chair', 'coord', 'spoc'],
    ],
    [
      'URGENT_REVIEW_OVERDUE',
      EVENT_TYPES.urgentReviewOverdue,
      () => ({ caseId, clinicId: clinic, urgentReviewId: randomUUID() }),
      ['chair', 'coord'],
    ],
    [
      'CASE_AWAITING_LISTING',
      EVENT_TYPES.caseStatusChanged,
      () => ({ caseId, clinicId: clinic, from: 'MONITORING', to: 'AWAITING_LISTING', reason: 'REVIEW_DUE' }),
      ['chair', 'coord'],
    ],
    [
      'CASE_CLOSED',
      EVENT_TYPES.caseClosed,
      () => ({ caseId, clinicId: clinic }),
      ['advocate', 'chair', 'coord', 'spoc'],
    ],
    [
      'BREAK_GLASS_USED',
      EVENT_TYPES.breakGlass,
      () => ({ caseId, clinicId: clinic, leadAgencyId: police, userId: people.otherDpo }),
      ['chair', 'dpo', 'spoc'],
    ],
    [
      // The lead agency's people and its DPO, never the paused writer (here one of them).
      'FREE_TEXT_WRITER_PAUSED',
      EVENT_TYPES.freeTextWriterPaused,
      () => ({ caseId, clinicId: clinic, leadAgencyId: police, userId: people.spoc }),
      ['chair', 'dpo'],
    ],
  ];

  it.each(cases)('%s', async (kind, type, payload, expected) => {
    const id = randomUUID();
    const envelope = {
      id,
      type,
      aggregateType: 'Test',
      aggregateId: randomUUID(),
      actorId: null,
      correlationId: null,
      occurredAt: new Date().toISOString(),
      payload: payload(),
    };
    await h.pipeline.handleEvent(envelope);
    await h.pipeline.handleEvent(envelope); // redelivered
    const rows: { user_id: string; kind: string; title: string; link: string }[] = await h.owner.query(
      `SELECT user_id, kind, title, link FROM notifications.inbox_items WHERE source_id = $1`,
      [id],
    );
    const byId = new Map(Object.entries(people).map(([name, uid]) => [uid, name]));
    expect(rows.map((r) => byId.get(r.user_id)).sort()).toEqual(expected);
    expect(new Set(rows.map((r) => r.kind))).toEqual(new Set(expected.length ? [kind] : []));
    expect(rows.every((r) => r.title === NOTIFICATION_KINDS.get(kind)!.title && r.link.startsWith('/'))).toBe(
      true,
    );
  });

  it('reminder kinds reach the right people when they fire', async () => {
    const expectations: [string, string[]][] = [
      ['VICTIM_UPDATE_DUE', ['advocate', 'chair', 'spoc']],
      ['VICTIM_UPDATE_OVERDUE', ['advocate', 'chair', 'coord', 'spoc']],
      ['SPO_NOTIFICATION_MISSED', ['chair', 'coord', 'spoc']],
    ];
    for (const [kind, expected] of expectations) {
      const source = randomUUID();
      await h.pipeline.dispatch(NOTIFICATION_KINDS.get(kind)!, source, { caseId, clinicId: clinic });
      const rows: { user_id: string }[] = await h.owner.query(
        `SELECT user_id FROM notifications.inbox_items WHERE source_id = $1`,
        [source],
      );
      const byId = new Map(Object.entries(people).map(([name, uid]) => [uid, name]));
      expect([kind, rows.map((r) => byId.get(r.user_id)).sort()]).toEqual([kind, expected]);
    }
  });

  it('the table covers every kind', () => {
    const covered = new Set([
      ...cases.map((c) => c[0]),
      'VICTIM_UPDATE_DUE',
      'VICTIM_UPDATE_OVERDUE',
      'SPO_NOTIFICATION_MISSED',
    ]);
    expect(KIND_CODES.filter((k) => !covered.has(k))).toEqual([]);
  });
});
