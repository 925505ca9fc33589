import { randomUUID } from 'node:crypto';
import { EVENT_TYPES } from '@scp/contracts';
import {
  CaseParticipationEntity,
  CaseReplicaEntity,
  ClinicIsaEntity,
  ClinicReplicaEntity,
} from '@scp/meetings';
import { AGENCY, startMeetingsHarness, type MeetingsHarness } from './testing/meetings-harness.js';

/** The participation replica applies only what is newer than what it holds (redelivery, reordering). */
describe('participation replica', () => {
  let h: MeetingsHarness;
  beforeAll(async () => {
    h = await startMeetingsHarness();
  });
  afterAll(async () => h?.close());

  const at = (minute: number) => new Date(Date.UTC(2026, 5, 1, 10, minute));

  it('an older participation change arriving late does not undo a newer one', async () => {
    const caseId = randomUUID();
    const clinicId = randomUUID();
    const agencyId = AGENCY.health;
    await h.caseEvents([
      { type: EVENT_TYPES.participationAdded, payload: { caseId, clinicId, agencyId }, at: at(5) },
      { type: EVENT_TYPES.participationEnded, payload: { caseId, clinicId, agencyId }, at: at(1) },
    ]);
    const row = await h.owner.getRepository(CaseParticipationEntity).findOneByOrFail({ caseId, agencyId });
    expect(row.active).toBe(true);
    expect(row.changedAt).toEqual(at(5));
    await h.caseEvents([
      { type: EVENT_TYPES.participationEnded, payload: { caseId, clinicId, agencyId }, at: at(9) },
    ]);
    expect(
      (await h.owner.getRepository(CaseParticipationEntity).findOneByOrFail({ caseId, agencyId })).active,
    ).toBe(false);
  });

  it('a redelivered case creation without a lead agency keeps the lead it knows; closing stamps the case', async () => {
    const caseId = randomUUID();
    const clinicId = randomUUID();
    await h.caseEvents([
      {
        type: EVENT_TYPES.caseCreated,
        payload: { caseId, clinicId, leadAgencyId: AGENCY.police },
        at: at(1),
      },
      { type: EVENT_TYPES.caseCreated, payload: { caseId, clinicId }, at: at(2) },
    ]);
    const cases = h.owner.getRepository(CaseReplicaEntity);
    expect((await cases.findOneByOrFail({ caseId })).leadAgencyId).toBe(AGENCY.police);
    await h.caseEvents([{ type: EVENT_TYPES.caseClosed, payload: { caseId }, at: at(3) }]);
    expect((await cases.findOneByOrFail({ caseId })).closedAt).toEqual(at(3));
  });

  it('a clinic snapshot older than the stored one changes neither the clinic nor its signatories', async () => {
    const clinicId = randomUUID();
    const snapshot = (referral: number, agencies: string[]) => ({
      clinicId,
      cadence: 'WEEKLY',
      meetingWeekday: 2,
      referralDeadlineWorkingDays: referral,
      agendaPublicationWorkingDays: 1,
      isaAgencyIds: agencies,
      isaSignedOn: agencies.map(() => '2026-01-05'),
    });
    await h.caseEvents([
      { type: EVENT_TYPES.clinicUpdated, payload: snapshot(3, [AGENCY.police, AGENCY.health]), at: at(5) },
      { type: EVENT_TYPES.clinicUpdated, payload: snapshot(7, [AGENCY.cps]), at: at(1) },
    ]);
    expect(
      (await h.owner.getRepository(ClinicReplicaEntity).findOneByOrFail({ clinicId }))
        .referralDeadlineWorkingDays,
    ).toBe(3);
    const signatories = await h.owner.getRepository(ClinicIsaEntity).find({ where: { clinicId } });
    expect(signatories.map((s) => s.agencyId).sort()).toEqual([AGENCY.police, AGENCY.health].sort());
    expect(signatories.every((s) => s.isaSignedOn === '2026-01-05')).toBe(true);
  });
});
