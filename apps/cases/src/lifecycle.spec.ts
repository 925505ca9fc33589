import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { OpenActionsReplica } from '@scp/cases';
import { startCasesHarness, type CasesHarness } from './testing/cases-harness.js';

/**
 * Lifecycle step 7 and scenarios 12 and 14: escalation to MAPPA/MARAC, closure (chair only,
 * rationale, open actions overridden one by one, the victim's view through the advocate) and
 * reopening within 12 months as a repeat.
 */
type Gql = { errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[] };
const codes = (body: Gql) => (body.errors ?? []).map((e) => e.extensions?.code);

const CASE = `query($id: ID!) { case(id: $id) { id reference status cjStatus version closedAt
  escalations { target mappaLevel externalReference escalatedOn notes previousStatus escalatedByAgency { code } }
  closure { rationale victimViewStatus victimView victimNotContactableReason chairNotContactableNote previousStatus
    actionOverrides { actionId reason } ordersInForce { orderId } closedByAgency { code } }
  repeatOpening { reason repeatOf { id reference } }
  reopenedAs { id reference }
  participants { agency { code } leftAt }
  subject { givenName familyName } } }`;

const ESCALATE = `mutation($input: EscalateCaseInput!) { escalateCase(input: $input) { id status version
  escalations { target mappaLevel externalReference } } }`;
const CLOSE = `mutation($input: CloseCaseInput!) { closeCase(input: $input) { id status closedAt version
  closure { rationale victimViewStatus actionOverrides { actionId reason } } } }`;
const VIEW = `mutation($input: RecordClosureVictimViewInput!) { recordClosureVictimView(input: $input) { id victimView notContactableReason } }`;
const REOPEN = `mutation($input: ReopenCaseAsRepeatInput!) { reopenCaseAsRepeat(input: $input) { id reference status
  participants { agency { code } } subject { givenName } repeatOpening { reason repeatOf { id } } } }`;

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

describe('case lifecycle: escalation, closure, reopening as a repeat', () => {
  let h: CasesHarness;
  let storeDir: string;
  beforeAll(async () => {
    storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scp-lifecycle-'));
    process.env.DOCUMENT_STORE_DIR = storeDir;
    h = await startCasesHarness({ canaries: true });
  });
  afterAll(async () => {
    await h?.close();
    fs.rmSync(storeDir, { recursive: true, force: true });
  });

  const readCase = async (username: string, id: string) => {
    const res = await h.gql<{ case: Record<string, unknown> & { version: number } }>(username, CASE, { id });
    return res;
  };

  /** A fresh North Vale clinic case led by police, with health and advocacy, a subject and a victim. */
  const newCase = async (agencies = ['NVH', 'NVA'], tier = 'CLINIC_CASE') => {
    const res = await h.gql<{ createCase: { id: string } }>(
      'chair.nvp',
      `mutation($input: CreateCaseInput!) { createCase(input: $input) { id } }`,
      {
        input: {
          clinicId: h.fixture.clinics.NV,
          leadAgencyId: h.fixture.agencies.NVP,
          cjStatus: 'UNDER_INVESTIGATION',
          tier,
          participants: agencies.map((code) => ({
            agencyId: h.fixture.agencies[code],
            roleInCase: 'PARTNER',
            sharingBasis: 'STATUTORY_GATEWAY',
            basisRationale: 'Crime and Disorder Act 1998 s115',
          })),
        },
      },
    );
    expect(res.body.errors).toBeUndefined();
    const id = res.body.data!.createCase.id;
    for (const person of [
      { role: 'SUBJECT', givenName: 'Kilo', familyName: 'Repeatson' },
      { role: 'VICTIM', givenName: 'Lima', familyName: 'Sampleford' },
    ]) {
      const added = await h.gql(
        'spoc.nvp',
        `mutation($input: AddPersonInput!) { addPerson(input: $input) { id } }`,
        { input: { caseId: id, ...person } },
      );
      expect(added.body.errors).toBeUndefined();
    }
    return id;
  };
  const versionOf = async (id: string) =>
    ((await h.owner.query(`SELECT version FROM cases.cases WHERE id = $1`, [id]))[0] as { version: number })
      .version;
  const recordView = async (
    caseId: string,
    victimView = 'Victim A is content for the clinic to close the case',
  ) => {
    const res = await h.gql('advocate.nva', VIEW, { input: { caseId, victimView } });
    expect(res.body.errors).toBeUndefined();
  };
  const close = async (caseId: string, extra: Record<string, unknown> = {}, username = 'chair.nvp') =>
    h.gql<{ closeCase: { status: string; closure: Record<string, unknown> } }>(username, CLOSE, {
      input: {
        caseId,
        expectedVersion: await versionOf(caseId),
        rationale: 'Six months without new behaviour; risk reduced to low',
        ...extra,
      },
    });

  describe('escalation (scenario 12)', () => {
    it('after conviction the case is escalated to MAPPA level 2 with its reference recorded', async () => {
      const id = await newCase();
      const convicted = await h.gql<{ updateCaseHeader: { version: number } }>(
        'spoc.nvp',
        `mutation($input: UpdateCaseHeaderInput!) { updateCaseHeader(input: $input) { version } }`,
        { input: { id, expectedVersion: await versionOf(id), cjStatus: 'CONVICTED' } },
      );
      expect(convicted.body.errors).toBeUndefined();
      const res = await h.gql<{ escalateCase: { status: string; escalations: unknown[] } }>(
        'spoc.nvp',
        ESCALATE,
        {
          input: {
            caseId: id,
            expectedVersion: convicted.body.data!.updateCaseHeader.version,
            target: 'MAPPA',
            mappaLevel: 2,
            externalReference: 'MAPPA/NV/2026/0017',
            escalatedOn: today(),
          },
        },
      );
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data!.escalateCase).toMatchObject({
        status: 'ESCALATED',
        escalations: [{ target: 'MAPPA', mappaLevel: 2, externalReference: 'MAPPA/NV/2026/0017' }],
      });

      // Every partner reads it (D1); the event carries ids and codes only.
      const mh = await readCase('mh.nvh', id);
      expect(mh.body.data!.case).toMatchObject({
        status: 'ESCALATED',
        cjStatus: 'CONVICTED',
        escalations: [
          {
            target: 'MAPPA',
            mappaLevel: 2,
            externalReference: 'MAPPA/NV/2026/0017',
            previousStatus: 'AWAITING_LISTING',
            escalatedByAgency: { code: 'NVP' },
          },
        ],
      });
      const [event] = await h.owner.query(
        `SELECT payload FROM cases.outbox WHERE type = 'case.escalated' AND aggregate_id = $1`,
        [id],
      );
      expect(event.payload).toMatchObject({
        caseId: id,
        target: 'MAPPA',
        mappaLevel: 2,
        previousStatus: 'AWAITING_LISTING',
      });
      expect(JSON.stringify(event.payload)).not.toContain('MAPPA/NV/2026/0017');

      // The clinic may continue: the case can leave ESCALATED, and a MARAC referral adds a second record.
      const marac = await h.gql('chair.nvp', ESCALATE, {
        input: {
          caseId: id,
          expectedVersion: await versionOf(id),
          target: 'MARAC',
          externalReference: 'MARAC-4411',
          escalatedOn: today(),
        },
      });
      expect(marac.body.errors).toBeUndefined();
      const back = await h.gql<{ updateCaseHeader: { status: string } }>(
        'coord.nvc',
        `mutation($input: UpdateCaseHeaderInput!) { updateCaseHeader(input: $input) { status } }`,
        { input: { id, expectedVersion: await versionOf(id), status: 'ACTIVE' } },
      );
      expect(back.body.data?.updateCaseHeader.status).toBe('ACTIVE');
      const after = await readCase('chair.nvp', id);
      expect((after.body.data!.case.escalations as unknown[]).length).toBe(2);
    });

    it('needs the level for MAPPA only, a reference, a date not in the future, and the current version', async () => {
      const id = await newCase();
      const base = {
        caseId: id,
        expectedVersion: await versionOf(id),
        externalReference: 'REF-1',
        escalatedOn: today(),
      };
      for (const input of [
        { ...base, target: 'MAPPA' },
        { ...base, target: 'MARAC', mappaLevel: 1 },
        { ...base, target: 'MAPPA', mappaLevel: 4 },
        { ...base, target: 'MARAC', externalReference: '' },
        { ...base, target: 'MARAC', escalatedOn: '2999-01-01' },
      ]) {
        const res = await h.gql('spoc.nvp', ESCALATE, { input });
        expect(codes(res.body)).toEqual(['BAD_USER_INPUT']);
      }
      const stale = await h.gql('spoc.nvp', ESCALATE, {
        input: { ...base, target: 'MARAC', expectedVersion: base.expectedVersion + 5 },
      });
      expect(codes(stale.body)).toEqual(['CONFLICT']);
      expect(await versionOf(id)).toBe(base.expectedVersion);
    });

    it('only the chair or police escalate; others are refused, outsiders do not see the case', async () => {
      const id = await newCase();
      const input = {
        caseId: id,
        expectedVersion: await versionOf(id),
        target: 'MARAC',
        externalReference: 'M-1',
        escalatedOn: today(),
      };
      for (const user of ['coord.nvc', 'mh.nvh', 'advocate.nva'])
        expect(codes((await h.gql(user, ESCALATE, { input })).body)).toEqual(['FORBIDDEN']);
      for (const user of ['spoc.sfc', 'auditor.nvp', 'probation.nvps'])
        expect(codes((await h.gql(user, ESCALATE, { input })).body)).toEqual(['NOT_FOUND']);
      const chair = await h.gql('chair.sfh', ESCALATE, { input });
      expect(codes(chair.body)).toEqual(['NOT_FOUND']);
    });
  });

  describe('closure', () => {
    it('chair only, with a rationale, and the victim’s view recorded through the advocate', async () => {
      const id = await newCase();
      for (const user of ['spoc.nvp', 'coord.nvc', 'advocate.nva'])
        expect(codes((await close(id, {}, user)).body)).toEqual(['FORBIDDEN']);
      expect(codes((await close(id, { rationale: 'too short' })).body)).toEqual(['BAD_USER_INPUT']);

      const noView = await close(id);
      expect(codes(noView.body)).toEqual(['BAD_USER_INPUT']);
      expect(noView.body.errors?.[0]?.extensions?.field).toBe('victimNotContactableReason');

      // The victim's view is D13: police read it but do not write it; the advocate does.
      const police = await h.gql('spoc.nvp', VIEW, { input: { caseId: id, victimView: 'Police wording' } });
      expect(codes(police.body)).toEqual(['FORBIDDEN']);
      const both = await h.gql('advocate.nva', VIEW, {
        input: { caseId: id, victimView: 'x', notContactableReason: 'Three calls unanswered' },
      });
      expect(codes(both.body)).toEqual(['BAD_USER_INPUT']);
      await recordView(id);

      const closed = await close(id);
      expect(closed.body.errors).toBeUndefined();
      expect(closed.body.data!.closeCase).toMatchObject({
        status: 'CLOSED',
        closure: { victimViewStatus: 'RECORDED', actionOverrides: [] },
      });
      const chair = await readCase('chair.nvp', id);
      expect(chair.body.data!.case).toMatchObject({
        status: 'CLOSED',
        closure: {
          rationale: 'Six months without new behaviour; risk reduced to low',
          victimView: 'Victim A is content for the clinic to close the case',
          previousStatus: 'AWAITING_LISTING',
          closedByAgency: { code: 'NVP' },
          ordersInForce: [],
        },
      });
      expect(chair.body.data!.case.closedAt).toBeTruthy();

      // The psychologist reads the closure (D1) but not the victim's own words (D13 is P for MH).
      const mh = await readCase('mh.nvh', id);
      const closure = mh.body.data!.case.closure as Record<string, unknown>;
      expect(closure.rationale).toBe('Six months without new behaviour; risk reduced to low');
      expect(closure.victimView).toBeNull();
      expect(
        mh.body.errors?.some(
          (e) => e.path?.join('.') === 'case.closure.victimView' && e.extensions?.code === 'FORBIDDEN',
        ),
      ).toBe(true);
      expect(mh.text).not.toContain('content for the clinic to close');

      const [event] = await h.owner.query(
        `SELECT payload FROM cases.outbox WHERE type = 'case.closed' AND aggregate_id = $1`,
        [id],
      );
      expect(event.payload).toMatchObject({
        caseId: id,
        previousStatus: 'AWAITING_LISTING',
        overriddenActionIds: [],
      });
      const chairActor = await h.actor('chair.nvp');
      const audit = await h.owner.query(
        `SELECT action, categories FROM audit.events WHERE entity_id = $1 AND actor_id = $2 AND purpose LIKE 'closeCase%'`,
        [id, chairActor.userId],
      );
      expect(audit).toEqual([{ action: 'UPDATE', categories: ['D1'] }]);

      // CLOSED is final: no second closure, no escalation, no header status change.
      expect(codes((await close(id)).body)).toEqual(['BAD_USER_INPUT']);
      const escalate = await h.gql('spoc.nvp', ESCALATE, {
        input: {
          caseId: id,
          expectedVersion: await versionOf(id),
          target: 'MARAC',
          externalReference: 'M-2',
          escalatedOn: today(),
        },
      });
      expect(codes(escalate.body)).toEqual(['BAD_USER_INPUT']);
    });

    it('refuses while the open-actions replica holds actions for the case, unless each is overridden', async () => {
      const id = await newCase();
      await recordView(id);
      const [a1, a2, done] = [randomUUID(), randomUUID(), randomUUID()];
      await h.owner.transaction(async (m) => {
        await OpenActionsReplica.apply(m, {
          actionId: a1,
          caseId: id,
          status: 'OPEN',
          changedAt: new Date(),
        });
        await OpenActionsReplica.apply(m, {
          actionId: a2,
          caseId: id,
          status: 'IN_PROGRESS',
          changedAt: new Date(),
        });
        await OpenActionsReplica.apply(m, {
          actionId: done,
          caseId: id,
          status: 'COMPLETED',
          changedAt: new Date(),
        });
        // An older event arriving late does not reopen a completed action.
        await OpenActionsReplica.apply(m, {
          actionId: done,
          caseId: id,
          status: 'OPEN',
          changedAt: new Date(Date.now() - 60_000),
        });
      });

      const refused = await close(id);
      expect(codes(refused.body)).toEqual(['BAD_USER_INPUT']);
      expect(refused.body.errors![0]!.message).toContain(a1);
      expect(refused.body.errors![0]!.message).toContain(a2);
      expect(refused.body.errors![0]!.message).not.toContain(done);

      const partial = await close(id, {
        actionOverrides: [{ actionId: a1, reason: 'Superseded by MAPPA plan' }],
      });
      expect(codes(partial.body)).toEqual(['BAD_USER_INPUT']);
      const stale = await close(id, {
        actionOverrides: [
          { actionId: a1, reason: 'Superseded by MAPPA plan' },
          { actionId: a2, reason: 'Owner agency confirmed not needed' },
          { actionId: done, reason: 'Already completed' },
        ],
      });
      expect(codes(stale.body)).toEqual(['BAD_USER_INPUT']);
      const noReason = await close(id, {
        actionOverrides: [
          { actionId: a1, reason: '   ' },
          { actionId: a2, reason: 'Owner agency confirmed not needed' },
        ],
      });
      expect(codes(noReason.body)).toEqual(['BAD_USER_INPUT']);
      expect((await h.owner.query(`SELECT status FROM cases.cases WHERE id = $1`, [id]))[0].status).not.toBe(
        'CLOSED',
      );

      const closed = await close(id, {
        actionOverrides: [
          { actionId: a1, reason: 'Superseded by MAPPA plan' },
          { actionId: a2, reason: 'Owner agency confirmed not needed' },
        ],
      });
      expect(closed.body.errors).toBeUndefined();
      const overrides = (closed.body.data!.closeCase.closure.actionOverrides as { actionId: string }[]).map(
        (o) => o.actionId,
      );
      expect(overrides.sort()).toEqual([a1, a2].sort());
      const [event] = await h.owner.query(
        `SELECT payload FROM cases.outbox WHERE type = 'case.closed' AND aggregate_id = $1`,
        [id],
      );
      expect((event.payload.overriddenActionIds as string[]).sort()).toEqual([a1, a2].sort());
    });

    it('the victim may be marked not contactable, by the advocate or (with no advocate record) by the chair', async () => {
      const byAdvocate = await newCase();
      const recorded = await h.gql('advocate.nva', VIEW, {
        input: {
          caseId: byAdvocate,
          notContactableReason: 'Three calls and two letters unanswered since March',
        },
      });
      expect(recorded.body.errors).toBeUndefined();
      expect(
        codes((await close(byAdvocate, { victimNotContactableReason: 'Chair also says so here' })).body),
      ).toEqual(['BAD_USER_INPUT']);
      expect((await close(byAdvocate)).body.data?.closeCase.closure.victimViewStatus).toBe('NOT_CONTACTABLE');
      const read = await readCase('chair.nvp', byAdvocate);
      expect(read.body.data!.case.closure).toMatchObject({
        victimNotContactableReason: 'Three calls and two letters unanswered since March',
        chairNotContactableNote: null,
      });

      const byChair = await newCase(['NVH']);
      const closed = await close(byChair, {
        victimNotContactableReason: 'No advocacy service engaged; victim moved abroad',
      });
      expect(closed.body.data?.closeCase.closure.victimViewStatus).toBe('NOT_CONTACTABLE');
      const mh = await readCase('mh.nvh', byChair);
      expect((mh.body.data!.case.closure as Record<string, unknown>).chairNotContactableNote).toBe(
        'No advocacy service engaged; victim moved abroad',
      );
    });

    it('a consultation-only case closes without a victim view (NOT_REQUIRED)', async () => {
      const id = await newCase(['NVH'], 'CONSULTATION_ONLY');
      const closed = await close(id, { rationale: 'Advice given to the referrer; no further role' });
      expect(closed.body.errors).toBeUndefined();
      expect(closed.body.data!.closeCase.closure.victimViewStatus).toBe('NOT_REQUIRED');
    });

    it('refuses free text that repeats the victim’s location', async () => {
      const id = h.fixture.cases.NV2!;
      await recordView(id);
      const [loc] = await h.owner.query(
        `SELECT l.address_line1 FROM cases.locations l JOIN cases.persons p ON p.id = l.person_id WHERE l.case_id = $1 AND p.role = 'VICTIM'`,
        [id],
      );
      const res = await close(id, { rationale: `Victim settled at ${loc.address_line1} and safe` });
      expect(codes(res.body)).toEqual(['BAD_USER_INPUT']);
      expect(res.text).not.toContain('CANARY');
    });
  });

  describe('reopening as a repeat (scenario 14)', () => {
    const closeMonthsAgo = async (id: string, months: number) => {
      await recordView(id);
      expect((await close(id)).body.errors).toBeUndefined();
      await h.owner.query(
        `UPDATE cases.cases SET closed_at = now() - make_interval(months => $2) WHERE id = $1`,
        [id, months],
      );
    };

    it('closed after six months without new behaviour; four months later a new report reopens it as a repeat', async () => {
      const id = await newCase();
      await h.owner.query(`UPDATE cases.cases SET created_at = now() - interval '10 months' WHERE id = $1`, [
        id,
      ]);
      await closeMonthsAgo(id, 4);
      const old = await readCase('chair.nvp', id);

      const res = await h.gql<{
        reopenCaseAsRepeat: Record<string, unknown> & { id: string; reference: string };
      }>('coord.nvc', REOPEN, {
        input: {
          caseId: id,
          reason: 'New report: messages to the victim resumed last week',
          participantAgencyIds: [h.fixture.agencies.NVP, h.fixture.agencies.NVA],
        },
      });
      expect(res.body.errors).toBeUndefined();
      const repeat = res.body.data!.reopenCaseAsRepeat;
      expect(repeat.id).not.toBe(id);
      expect(repeat.reference).not.toBe(old.body.data!.case.reference);
      expect(repeat).toMatchObject({
        status: 'AWAITING_LISTING',
        subject: { givenName: 'Kilo' },
        repeatOpening: { reason: 'New report: messages to the victim resumed last week', repeatOf: { id } },
      });
      expect(
        (repeat.participants as { agency: { code: string } }[]).map((p) => p.agency.code).sort(),
      ).toEqual(['NVA', 'NVP']);
      const [row] = await h.owner.query(
        `SELECT repeat_of_case_id, clinic_id FROM cases.cases WHERE id = $1`,
        [repeat.id],
      );
      expect(row).toEqual({ repeat_of_case_id: id, clinic_id: h.fixture.clinics.NV });

      // The old case points to its repeat; health was not carried over and does not see the new one.
      expect((await readCase('chair.nvp', id)).body.data!.case.reopenedAs).toEqual({
        id: repeat.id,
        reference: repeat.reference,
      });
      expect(codes((await readCase('mh.nvh', repeat.id)).body)).toEqual(['NOT_FOUND']);
      expect((await readCase('advocate.nva', repeat.id)).body.data!.case.status).toBe('AWAITING_LISTING');
      const events = await h.owner.query(
        `SELECT type FROM cases.outbox WHERE aggregate_id = $1 ORDER BY created_at`,
        [repeat.id],
      );
      expect(events.map((e: { type: string }) => e.type)).toEqual(
        expect.arrayContaining(['case.reopened', 'case.created', 'case.participation-added']),
      );

      // One repeat per closed case.
      const again = await h.gql('chair.nvp', REOPEN, {
        input: {
          caseId: id,
          reason: 'Another report the same week',
          participantAgencyIds: [h.fixture.agencies.NVP],
        },
      });
      expect(codes(again.body)).toEqual(['CONFLICT']);
    });

    it('after 12 months the closed case is not reopened: a new referral is needed', async () => {
      const id = await newCase();
      await closeMonthsAgo(id, 13);
      const res = await h.gql('chair.nvp', REOPEN, {
        input: {
          caseId: id,
          reason: 'New report after a long gap',
          participantAgencyIds: [h.fixture.agencies.NVP],
        },
      });
      expect(codes(res.body)).toEqual(['BAD_USER_INPUT']);
      expect(res.body.errors![0]!.message).toMatch(/new referral/);
      expect(await h.owner.query(`SELECT id FROM cases.cases WHERE repeat_of_case_id = $1`, [id])).toEqual(
        [],
      );
    });

    it('only a closed case, only its own agencies, by the chair or coordinator', async () => {
      const open = await newCase();
      const reason = 'New report of contact at the workplace';
      expect(
        codes(
          (
            await h.gql('chair.nvp', REOPEN, {
              input: { caseId: open, reason, participantAgencyIds: [h.fixture.agencies.NVP] },
            })
          ).body,
        ),
      ).toEqual(['BAD_USER_INPUT']);
      const id = await newCase();
      await closeMonthsAgo(id, 1);
      const outsider = await h.gql('chair.nvp', REOPEN, {
        input: {
          caseId: id,
          reason,
          participantAgencyIds: [h.fixture.agencies.NVP, h.fixture.agencies.NVPS],
        },
      });
      expect(codes(outsider.body)).toEqual(['BAD_USER_INPUT']);
      const noLead = await h.gql('chair.nvp', REOPEN, {
        input: { caseId: id, reason, participantAgencyIds: [h.fixture.agencies.NVA] },
      });
      expect(codes(noLead.body)).toEqual(['BAD_USER_INPUT']);
      expect(
        codes(
          (
            await h.gql('spoc.nvp', REOPEN, {
              input: { caseId: id, reason, participantAgencyIds: [h.fixture.agencies.NVP] },
            })
          ).body,
        ),
      ).toEqual(['FORBIDDEN']);
      expect(
        codes(
          (
            await h.gql('chair.sfh', REOPEN, {
              input: { caseId: id, reason, participantAgencyIds: [h.fixture.agencies.NVP] },
            })
          ).body,
        ),
      ).toEqual(['NOT_FOUND']);
      const ok = await h.gql<{ reopenCaseAsRepeat: { subject: unknown } }>('chair.nvp', REOPEN, {
        input: { caseId: id, reason, participantAgencyIds: [h.fixture.agencies.NVP], carryOverPeople: false },
      });
      expect(ok.body.errors).toBeUndefined();
      expect(ok.body.data!.reopenCaseAsRepeat.subject).toBeNull();
    });
  });
});
