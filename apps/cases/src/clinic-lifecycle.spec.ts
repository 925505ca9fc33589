import { randomUUID } from 'node:crypto';
import { EVENT_TYPES, type EventEnvelope, type EventType } from '@scp/contracts';
import { Outbox } from '@scp/platform-database';
import { applyMeetingEvent, sweepLifecycle } from '@scp/cases';
import { startCasesHarness, type CasesHarness } from './testing/cases-harness.js';

/**
 * Issue #14 items 1 and 2 (docs/case-lifecycle.md): the case's status, next review and urgent flag
 * follow the clinic's meetings, through the meeting events the cases service consumes, its sweep
 * and the breaches that raise the flag; each step is on the case's timeline and an event.
 */
const LIFE = `query($id: ID!) { case(id: $id) { id status nextReviewOn agreedRiskLevel urgentReviewRequested version openActionsCount
  lifecycle { kind fromStatus toStatus meetingId riskLevel nextReviewOn }
  urgentReviews { requestedAt dueBy clearedAt clearedByUserId clearedByMeetingId escalatedAt } } }`;
const AWAITING = `query($clinicId: ID!) { urgentReviewsAwaitingMeeting(clinicId: $clinicId) {
  id overdue dueBy escalatedAt case { id reference } } }`;

interface Life {
  status: string;
  openActionsCount: number;
  nextReviewOn: string | null;
  urgentReviewRequested: boolean;
  lifecycle: { kind: string; fromStatus: string | null; toStatus: string | null; riskLevel: string | null }[];
  urgentReviews: {
    clearedAt: string | null;
    clearedByMeetingId: string | null;
    escalatedAt: string | null;
  }[];
}

describe('a case’s life follows the clinic', () => {
  let h: CasesHarness;
  const outbox = new Outbox('cases');
  beforeAll(async () => {
    h = await startCasesHarness({ canaries: true });
  });
  afterAll(async () => h?.close());

  const newCase = async () => {
    const res = await h.gql<{ createCase: { id: string } }>(
      'chair.nvp',
      `mutation($input: CreateCaseInput!) { createCase(input: $input) { id } }`,
      {
        input: {
          clinicId: h.fixture.clinics.NV,
          leadAgencyId: h.fixture.agencies.NVP,
          cjStatus: 'UNDER_INVESTIGATION',
          tier: 'CLINIC_CASE',
          participants: ['NVH', 'NVA'].map((code) => ({
            agencyId: h.fixture.agencies[code],
            roleInCase: 'PARTNER',
            sharingBasis: 'STATUTORY_GATEWAY',
            basisRationale: 'Crime and Disorder Act 1998 s115',
          })),
        },
      },
    );
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.createCase.id;
  };
  const life = async (caseId: string, user = 'chair.nvp') => {
    const res = await h.gql<{ case: Life }>(user, LIFE, { id: caseId });
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.case;
  };
  const meeting = (startsAt: string) => ({
    meetingId: randomUUID(),
    meetingKind: 'SCHEDULED',
    meetingStartsAt: startsAt,
    meetingEndsAt: new Date(Date.parse(startsAt) + 3 * 3600_000).toISOString(),
  });
  const send = async (type: EventType, payload: Record<string, unknown>, id = randomUUID()) => {
    const event: EventEnvelope = {
      id,
      type,
      aggregateType: 'Case',
      aggregateId: String(payload.caseId),
      actorId: h.fixture.users['chair.nvp']!,
      correlationId: null,
      occurredAt: new Date().toISOString(),
      payload,
    };
    await applyMeetingEvent(h.owner, event, outbox);
    return event;
  };
  const item = (caseId: string, m: ReturnType<typeof meeting>, extra: Record<string, unknown> = {}) => ({
    caseId,
    agendaItemId: randomUUID(),
    ...m,
    ...extra,
  });
  const statusEvents = async (caseId: string) =>
    (
      (await h.owner.query(
        `SELECT payload FROM cases.outbox WHERE type = 'case.status-changed' AND aggregate_id = $1 ORDER BY created_at, id`,
        [caseId],
      )) as { payload: { from: string; to: string; reason: string } }[]
    ).map((r) => `${r.payload.from}->${r.payload.to}:${r.payload.reason}`);
  const breachWithArrest = (caseId: string, ref: string) =>
    h.gql('spoc.nvp', `mutation($input: RecordBreachInput!) { recordBreach(input: $input) { id } }`, {
      input: {
        caseId,
        occurredAt: '2026-11-20T11:00:00Z',
        type: 'LOCATION',
        crimeReference: ref,
        outcomes: [{ action: 'ARREST', occurredAt: '2026-11-20T12:00:00Z' }],
      },
    });

  it('listed → reviewed (risk level, next review) → monitoring when the actions are done → review due → listed again', async () => {
    const caseId = await newCase();
    expect((await life(caseId)).status).toBe('AWAITING_LISTING');
    const first = meeting('2027-01-12T10:00:00Z');
    await send(EVENT_TYPES.caseListed, item(caseId, first));
    expect((await life(caseId)).status).toBe('LISTED');

    // At the meeting the chair agrees a risk level and an action is agreed.
    await h.owner.query(`UPDATE cases.cases SET agreed_risk_level = 'HIGH' WHERE id = $1`, [caseId]);
    const actionId = randomUUID();
    await send(EVENT_TYPES.actionStatusChanged, { actionId, caseId, status: 'OPEN' });
    const reviewed = await send(
      EVENT_TYPES.caseReviewed,
      item(caseId, first, { nextReviewOn: '2027-02-09' }),
    );
    // The same event again (a redelivery) changes nothing.
    await applyMeetingEvent(h.owner, reviewed, outbox);
    let c = await life(caseId);
    expect(c).toMatchObject({ status: 'ACTIVE', nextReviewOn: '2027-02-09', openActionsCount: 1 });
    expect(c.lifecycle.filter((e) => e.kind === 'REVIEWED')).toEqual([
      expect.objectContaining({
        fromStatus: 'LISTED',
        toStatus: 'ACTIVE',
        riskLevel: 'HIGH',
        nextReviewOn: '2027-02-09',
      }),
    ]);

    await send(EVENT_TYPES.actionStatusChanged, { actionId, caseId, status: 'COMPLETED' });
    expect(await life(caseId)).toMatchObject({ status: 'MONITORING', openActionsCount: 0 });

    // The day before the review nothing moves; on the day the case waits for listing, once.
    await sweepLifecycle(h.owner, outbox, new Date('2027-02-08T12:00:00Z'));
    expect((await life(caseId)).status).toBe('MONITORING');
    const swept = await sweepLifecycle(h.owner, outbox, new Date('2027-02-09T07:00:00Z'));
    expect(swept.reviewsDue).toBeGreaterThanOrEqual(1);
    expect((await sweepLifecycle(h.owner, outbox, new Date('2027-02-09T08:00:00Z'))).reviewsDue).toBe(0);
    expect((await life(caseId)).status).toBe('AWAITING_LISTING');

    await send(EVENT_TYPES.caseListed, item(caseId, meeting('2027-02-16T10:00:00Z')));
    c = await life(caseId);
    expect(c.status).toBe('LISTED');
    expect(c.lifecycle.map((e) => `${e.kind}:${e.toStatus ?? '-'}`)).toEqual([
      'LISTED:LISTED',
      'REVIEWED:ACTIVE',
      'ACTIONS_DONE:MONITORING',
      'REVIEW_DUE:AWAITING_LISTING',
      'LISTED:LISTED',
    ]);
    expect(await statusEvents(caseId)).toEqual([
      'AWAITING_LISTING->LISTED:LISTED',
      'LISTED->ACTIVE:REVIEWED',
      'ACTIVE->MONITORING:ACTIONS_DONE',
      'MONITORING->AWAITING_LISTING:REVIEW_DUE',
      'AWAITING_LISTING->LISTED:LISTED',
    ]);
  });

  it('a deferred item or a cancelled meeting puts the case back to awaiting listing, unless it is listed elsewhere', async () => {
    const caseId = await newCase();
    const a = meeting('2027-03-02T10:00:00Z');
    const b = meeting('2027-03-09T10:00:00Z');
    await send(EVENT_TYPES.caseListed, item(caseId, a));
    await send(EVENT_TYPES.caseListed, item(caseId, b));
    await send(EVENT_TYPES.caseUnlisted, item(caseId, a));
    expect((await life(caseId)).status).toBe('LISTED');
    await send(EVENT_TYPES.caseUnlisted, item(caseId, b));
    expect((await life(caseId)).status).toBe('AWAITING_LISTING');
    await expect(send(EVENT_TYPES.caseListed, { caseId, meetingId: 'x' })).rejects.toThrow(/ids/);
  });

  it('the urgent flag: a breach with an arrest sets it, a review of the case clears it with who and when', async () => {
    const caseId = await newCase();
    const m = meeting('2027-04-06T10:00:00Z');
    await send(EVENT_TYPES.caseListed, item(caseId, m));
    await send(EVENT_TYPES.caseReviewed, item(caseId, m, { nextReviewOn: '2027-05-04' }));
    expect((await life(caseId)).status).toBe('MONITORING');

    expect((await breachWithArrest(caseId, 'NV/71001/26')).body.errors).toBeUndefined();
    let c = await life(caseId);
    expect(c).toMatchObject({ status: 'AWAITING_LISTING', urgentReviewRequested: true });
    expect(c.urgentReviews).toEqual([expect.objectContaining({ clearedAt: null })]);
    // A second breach while the flag is open adds no second flag.
    expect((await breachWithArrest(caseId, 'NV/71002/26')).body.errors).toBeUndefined();
    expect((await life(caseId)).urgentReviews).toHaveLength(1);

    // An extraordinary meeting reviews it: the flag is cleared, its history kept.
    const extra = { ...meeting(new Date(Date.now() + 3600_000).toISOString()), meetingKind: 'EXTRAORDINARY' };
    await send(EVENT_TYPES.caseListed, item(caseId, extra));
    await send(EVENT_TYPES.caseReviewed, item(caseId, extra, { nextReviewOn: null }));
    c = await life(caseId);
    expect(c).toMatchObject({
      status: 'MONITORING',
      urgentReviewRequested: false,
      nextReviewOn: '2027-05-04',
    });
    expect(c.urgentReviews).toEqual([
      expect.objectContaining({ clearedByMeetingId: extra.meetingId, escalatedAt: null }),
    ]);
    expect(c.urgentReviews[0]!.clearedAt).not.toBeNull();
    expect(c.lifecycle.map((e) => e.kind)).toEqual([
      'LISTED',
      'REVIEWED',
      'URGENT_REVIEW_REQUESTED',
      'LISTED',
      'URGENT_REVIEW_CLEARED',
      'REVIEWED',
    ]);
    const cleared = await h.owner.query(
      `SELECT count(*)::int AS n FROM cases.outbox WHERE type = 'case.urgent-review-cleared' AND aggregate_id = $1`,
      [caseId],
    );
    expect(cleared).toEqual([{ n: 1 }]);
  });

  it('a flag with no meeting within the deadline is on the coordinator’s list and escalates to the chair once', async () => {
    const caseId = await newCase();
    expect((await breachWithArrest(caseId, 'NV/72001/26')).body.errors).toBeUndefined();
    const [flag] = (await h.owner.query(
      `SELECT id, due_by AS "dueBy" FROM cases.urgent_reviews WHERE case_id = $1`,
      [caseId],
    )) as { id: string; dueBy: Date }[];
    const listed = await h.gql<{
      urgentReviewsAwaitingMeeting: { id: string; overdue: boolean; case: { id: string } }[];
    }>('coord.nvc', AWAITING, { clinicId: h.fixture.clinics.NV });
    expect(listed.body.errors).toBeUndefined();
    expect(listed.body.data!.urgentReviewsAwaitingMeeting).toContainEqual(
      expect.objectContaining({
        id: flag!.id,
        overdue: false,
        case: expect.objectContaining({ id: caseId }),
      }),
    );
    // Another clinic's coordinator, and a partner who is no officer, are refused.
    for (const user of ['coord.sfc', 'spoc.nvp']) {
      const refused = await h.gql(user, AWAITING, { clinicId: h.fixture.clinics.NV });
      expect(refused.body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    }

    const after = new Date(flag!.dueBy.getTime() + 60_000);
    expect((await sweepLifecycle(h.owner, outbox, after)).urgentOverdue).toBeGreaterThanOrEqual(1);
    expect((await sweepLifecycle(h.owner, outbox, after)).urgentOverdue).toBe(0);
    const escalations = await h.owner.query(
      `SELECT payload FROM cases.outbox WHERE type = 'case.urgent-review-overdue' AND aggregate_id = $1`,
      [caseId],
    );
    expect(escalations).toEqual([{ payload: expect.objectContaining({ caseId, urgentReviewId: flag!.id }) }]);
    expect((await life(caseId)).urgentReviews[0]!.escalatedAt).not.toBeNull();

    // A case listed in time for a meeting within the deadline is not on the list.
    const other = await newCase();
    expect((await breachWithArrest(other, 'NV/72002/26')).body.errors).toBeUndefined();
    await send(EVENT_TYPES.caseListed, item(other, meeting(new Date(Date.now() + 86_400_000).toISOString())));
    const again = await h.gql<{ urgentReviewsAwaitingMeeting: { case: { id: string } }[] }>(
      'coord.nvc',
      AWAITING,
      {
        clinicId: h.fixture.clinics.NV,
      },
    );
    expect(again.body.data!.urgentReviewsAwaitingMeeting.map((r) => r.case.id)).not.toContain(other);
  });
});
