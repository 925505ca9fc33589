import ICAL from 'ical.js';
import { EVENT_TYPES } from '@scp/contracts';
import { AttendeeEntity, ClinicReplicaEntity, ContributionsService } from '@scp/meetings';
import {
  CLINIC,
  startMeetingsHarness,
  type MeetingsHarness,
  type TestUser,
} from './testing/meetings-harness.js';

/**
 * The clinic replica (deadlines and information sharing agreement signatories from
 * `clinic.updated`), calendar invites (.ics parsed back by ical.js), the meeting header events
 * other services build on, and the contribution reminders.
 */
const STARTS = '2027-03-30T09:00:00.000Z'; // Tuesday after Easter Monday, 10:00 London
const ENDS = '2027-03-30T12:00:00.000Z';

describe('meetings: clinic replica, invites, header events, contribution reminders', () => {
  let h: MeetingsHarness;
  let caseA: string;
  let meetingId: string;
  let at = Date.UTC(2026, 5, 1);

  const ok = async <T = Record<string, unknown>>(user: TestUser, q: string, v?: Record<string, unknown>) => {
    const res = await h.gql<T>(user, q, v);
    if (res.body.errors) throw new Error(`${user}: ${JSON.stringify(res.body.errors)}`);
    return res.body.data as T;
  };
  const clinicSnapshot = (
    signed: (keyof typeof AGENCIES)[],
    deadlines: { referral: number; publication: number },
    when = new Date((at += 60_000)),
  ) =>
    h.caseEvents([
      {
        type: EVENT_TYPES.clinicUpdated,
        at: when,
        payload: {
          clinicId: CLINIC,
          cadence: 'FORTNIGHTLY',
          meetingWeekday: 2,
          referralDeadlineWorkingDays: deadlines.referral,
          agendaPublicationWorkingDays: deadlines.publication,
          isaAgencyIds: signed.map((a) => h.agencyOf(AGENCIES[a])),
          isaSignedOn: signed.map(() => '2026-01-05'),
        },
      },
    ]);
  const AGENCIES = { police: 'spoc', advocacy: 'advocate', health: 'mh' } as const satisfies Record<
    string,
    TestUser
  >;
  const meeting = async (user: TestUser, fields: string) =>
    (
      await ok<{ meeting: Record<string, unknown> }>(
        user,
        `query($id: ID!) { meeting(id: $id) { ${fields} } }`,
        { id: meetingId },
      )
    ).meeting;
  const outbox = async (type: string) =>
    (await h.owner.query(`SELECT payload FROM meetings.outbox WHERE type = $1 ORDER BY created_at, id`, [
      type,
    ])) as { payload: Record<string, unknown> }[];
  const parseIcs = (text: string) => {
    const cal = new ICAL.Component(ICAL.parse(text));
    const vevent = cal.getFirstSubcomponent('vevent')!;
    return { method: cal.getFirstPropertyValue('method'), vevent, event: new ICAL.Event(vevent) };
  };

  beforeAll(async () => {
    h = await startMeetingsHarness({ now: new Date('2027-03-20T10:00:00Z') });
    caseA = await h.givenCase(['police', 'advocacy', 'health']);
  });
  afterAll(async () => h?.close());

  it("a meeting's deadlines default to the clinic's configuration from clinic.updated", async () => {
    await clinicSnapshot(['police', 'advocacy', 'health'], { referral: 3, publication: 2 });
    const data = await ok<{ scheduleMeeting: Record<string, unknown> }>(
      'chair',
      `mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { id referralDeadlineOn agendaPublicationDueOn } }`,
      {
        i: {
          clinicId: CLINIC,
          kind: 'SCHEDULED',
          title: 'Clinic 30 March',
          startsAt: STARTS,
          endsAt: ENDS,
          place: 'Room 1',
        },
      },
    );
    meetingId = data.scheduleMeeting.id as string;
    // 3 and 2 working days before Tue 30 March, skipping Easter Monday 29 and Good Friday 26.
    expect(data.scheduleMeeting).toMatchObject({
      referralDeadlineOn: '2027-03-23',
      agendaPublicationDueOn: '2027-03-24',
    });
    // An older snapshot arriving late changes nothing.
    await clinicSnapshot([], { referral: 5, publication: 5 }, new Date(Date.UTC(2026, 0, 1)));
    const clinic = await h.owner.getRepository(ClinicReplicaEntity).findOneByOrFail({ clinicId: CLINIC });
    expect(clinic.referralDeadlineWorkingDays).toBe(3);
    await ok('coord', `mutation($i: AddAgendaItemInput!) { addAgendaItem(input: $i) { id } }`, {
      i: { meetingId, kind: 'REVIEW', caseId: caseA, durationMinutes: 30 },
    });
    await ok('coord', `mutation($i: InviteAttendeeInput!) { inviteAttendee(input: $i) { id } }`, {
      i: { meetingId, userId: h.userId('advocate'), agencyId: h.agencyOf('advocate') },
    });
    await ok('advocate', `mutation($id: ID!) { acceptConfidentiality(meetingId: $id) { id } }`, {
      id: meetingId,
    });
  });

  it("invites only users of the clinic's agencies, under their own agency; nothing recorded otherwise", async () => {
    const invite = (userId: string, agencyId: string) =>
      h.gql('coord', `mutation($i: InviteAttendeeInput!) { inviteAttendee(input: $i) { id } }`, {
        i: { meetingId, userId, agencyId },
      });
    const attendees = () =>
      h.owner.getRepository(AttendeeEntity).find({
        select: { userId: true, agencyId: true },
        where: { meetingId },
        order: { userId: 'ASC' },
      });
    const before = await attendees();
    const refused: [string, string, string][] = [
      // A chair of another clinic, under that clinic's agency and under one of this clinic's.
      [h.userId('otherChair'), h.agencyOf('otherChair'), 'userId'],
      [h.userId('otherChair'), h.agencyOf('mh'), 'userId'],
      // A member, under another agency than the user's own.
      [h.userId('mh'), h.agencyOf('spoc'), 'agencyId'],
      [h.userId('advocate'), h.agencyOf('advocate2'), 'agencyId'],
    ];
    for (const [userId, agencyId, field] of refused) {
      const res = await invite(userId, agencyId);
      expect(res.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    }
    expect(await attendees()).toEqual(before);
    const ok = await invite(h.userId('mh'), h.agencyOf('mh'));
    expect(ok.body.errors).toBeUndefined();
  });

  it('an agency that withdraws from the agreement stops seeing the case items; signing again restores them', async () => {
    const restricted = async () =>
      ((await meeting('advocate', 'agenda { restricted }')).agenda as { restricted: boolean }[]).map(
        (e) => e.restricted,
      );
    expect(await restricted()).toEqual([false]);
    await clinicSnapshot(['police', 'health'], { referral: 3, publication: 2 });
    expect(await restricted()).toEqual([true]);
    await clinicSnapshot(['police', 'advocacy', 'health'], { referral: 3, publication: 2 });
    expect(await restricted()).toEqual([false]);
  });

  it('the calendar invite parses back; rescheduling raises SEQUENCE; cancelling sends METHOD:CANCEL; no case content', async () => {
    const first = parseIcs((await meeting('advocate', 'calendarInvite')).calendarInvite as string);
    expect(first.method).toBe('REQUEST');
    expect(first.event.uid).toBe(`${meetingId}@meetings.scp.example.invalid`);
    expect(first.event.sequence).toBe(0);
    expect(first.event.summary).toBe('Stalking clinic meeting');
    expect(first.event.location).toBe('Room 1');
    expect(first.event.startDate.toJSDate().toISOString()).toBe(STARTS);
    const v = (await meeting('chair', 'version')).version as number;
    await ok('chair', `mutation($i: RescheduleMeetingInput!) { rescheduleMeeting(input: $i) { id } }`, {
      i: {
        meetingId,
        version: v,
        startsAt: '2027-03-31T09:00:00Z',
        endsAt: '2027-03-31T11:00:00Z',
        virtualLink: 'https://meet.example.invalid/nv',
      },
    });
    const moved = parseIcs((await meeting('advocate', 'calendarInvite')).calendarInvite as string);
    expect(moved.event.uid).toBe(first.event.uid);
    expect(moved.event.sequence).toBe(1);
    expect(moved.event.startDate.toJSDate().toISOString()).toBe('2027-03-31T09:00:00.000Z');
    expect(moved.event.location).toBe('https://meet.example.invalid/nv');
    for (const text of [first, moved].map((x) => x.vevent.toString())) {
      expect(text).not.toContain(caseA);
      expect(text).not.toContain('Clinic 30 March'); // the free-text title stays in the platform
    }
    const [scheduled] = await outbox(EVENT_TYPES.meetingScheduled);
    expect(scheduled!.payload).toMatchObject({
      meetingId,
      clinicId: CLINIC,
      icsSequence: 0,
      status: 'SCHEDULED',
    });
    const [rescheduled] = await outbox(EVENT_TYPES.meetingRescheduled);
    expect(rescheduled!.payload).toMatchObject({
      meetingId,
      icsSequence: 1,
      startsAt: '2027-03-31T09:00:00.000Z',
    });
    const [invited] = await outbox(EVENT_TYPES.attendeeInvited);
    expect(invited!.payload).toMatchObject({ meetingId, attendeeUserId: h.userId('advocate') });
    // Header events carry no case id and no free text of the meeting.
    for (const e of [scheduled, rescheduled, invited]) {
      expect(JSON.stringify(e)).not.toContain(caseA);
      expect(JSON.stringify(e)).not.toContain('Clinic 30 March');
    }
  });

  it('contribution reminders: due from the listing deadline, missing after publication, each once', async () => {
    const service = h.app.get(ContributionsService);
    // Meeting on Wed 31 March: listing deadline Wed 24, publication Thu 25 (Good Friday 26 and Easter Monday 29 skipped).
    expect(await service.sweepContributions(new Date('2027-03-22T10:00:00Z'))).toBe(0);
    await ok('mh', `mutation($i: SubmitContributionInput!) { submitContribution(input: $i) { id } }`, {
      i: {
        agendaItemId: ((await meeting('chair', 'agenda { id }')).agenda as { id: string }[])[0]!.id,
        text: 'Health view: engaged with the service.',
      },
    });
    const dueWritten = await service.sweepContributions(new Date('2027-03-24T10:00:00Z'));
    expect(await service.sweepContributions(new Date('2027-03-24T11:00:00Z'))).toBe(0);
    const due = await outbox(EVENT_TYPES.contributionDue);
    expect(due).toHaveLength(dueWritten);
    const dueAgencies = due.map((e) => e.payload.agencyId);
    // Health has contributed; police and the advocacy service have not.
    expect([...dueAgencies].sort()).toEqual([h.agencyOf('spoc'), h.agencyOf('advocate')].sort());
    const missingWritten = await service.sweepContributions(new Date('2027-03-30T08:00:00Z'));
    expect(missingWritten).toBe(dueWritten);
    expect(await service.sweepContributions(new Date('2027-03-30T09:00:00Z'))).toBe(0);
    const missing = await outbox(EVENT_TYPES.contributionMissing);
    expect(missing.map((e) => e.payload.agencyId).sort()).toEqual([...dueAgencies].sort());
    expect(missing[0]!.payload).toMatchObject({ meetingId, caseId: caseA, dueOn: '2027-03-25' });
  });

  it('cancelling: METHOD:CANCEL, STATUS:CANCELLED, same UID, higher SEQUENCE, and a cancelled event', async () => {
    const v = (await meeting('chair', 'version')).version as number;
    await ok('chair', `mutation($i: ChangeMeetingStatusInput!) { changeMeetingStatus(input: $i) { id } }`, {
      i: { meetingId, version: v, to: 'CANCELLED', reason: 'Room unavailable' },
    });
    const cancelled = parseIcs((await meeting('chair', 'calendarInvite')).calendarInvite as string);
    expect(cancelled.method).toBe('CANCEL');
    expect(cancelled.vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(cancelled.event.uid).toBe(`${meetingId}@meetings.scp.example.invalid`);
    expect(cancelled.event.sequence).toBe(2);
    const [event] = await outbox(EVENT_TYPES.meetingCancelled);
    expect(event!.payload).toMatchObject({ meetingId, status: 'CANCELLED', icsSequence: 2 });
  });
});
