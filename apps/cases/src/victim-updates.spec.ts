import { startCasesHarness, type CasesHarness } from './testing/cases-harness.js';

/**
 * Victims' Code updates (D22) through the cases subgraph: obligations from criminal-justice
 * events, deadlines in England and Wales working days, delivery by police or advocate, and the
 * due / overdue dashboards scoped in SQL.
 */
interface UpdateData {
  id: string;
  trigger: string;
  entitlement: string;
  workingDays: number;
  dueBy: string;
  overdue: boolean;
  version: number;
  victim: { id: string; alias: string } | null;
}
const UPDATE_FIELDS = 'id trigger entitlement workingDays dueBy overdue version victim { id alias }';
const RECORD_EVENT = `mutation($input: RecordCriminalJusticeEventInput!) { recordCriminalJusticeEvent(input: $input) {
  id type occurredAt victimUpdates { ${UPDATE_FIELDS} } } }`;
const DELIVER = `mutation($input: RecordVictimUpdateDeliveredInput!) { recordVictimUpdateDelivered(input: $input) {
  id deliveredAt deliveredOnTime overdue method content version } }`;
const DUE = `query($clinic: ID, $first: Int, $after: String) { victimUpdatesDue(clinicId: $clinic, first: $first, after: $after) {
  edges { cursor node { id caseId dueBy overdue case { reference } } } pageInfo { hasNextPage endCursor } } }`;
const OVERDUE = `query($clinic: ID) { victimUpdatesOverdue(clinicId: $clinic, first: 50) { edges { node { id caseId dueBy overdue trigger } } } }`;

type EventResult = { recordCriminalJusticeEvent: { id: string; victimUpdates: UpdateData[] } };
type Conn = {
  edges: { cursor: string; node: { id: string; caseId: string; dueBy: string; overdue: boolean } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
};

describe('victim updates (D22)', () => {
  let h: CasesHarness;
  beforeAll(async () => {
    h = await startCasesHarness({ canaries: true });
  });
  afterAll(async () => h?.close());

  const recordEvent = (user: string, caseKey: string, type: string, occurredAt: string) =>
    h.gql<EventResult>(user, RECORD_EVENT, { input: { caseId: h.fixture.cases[caseKey], type, occurredAt } });
  const recordEventOk = async (user: string, caseKey: string, type: string, occurredAt: string) => {
    const res = await recordEvent(user, caseKey, type, occurredAt);
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.recordCriminalJusticeEvent;
  };

  it('enhanced: a Friday 16:00 arrest before a bank-holiday Monday is due by the end of Tuesday', async () => {
    const event = await recordEventOk('spoc.nvp', 'NV2', 'ARREST', '2026-05-22T16:00:00+01:00');
    expect(event.victimUpdates).toHaveLength(1);
    expect(event.victimUpdates[0]).toMatchObject({
      trigger: 'ARREST',
      entitlement: 'ENHANCED',
      workingDays: 1,
      dueBy: '2026-05-26T22:59:59.999Z',
      overdue: true, // May is long past and nobody recorded telling the victim
      victim: { id: h.fixture.persons['NV2.victim'], alias: 'Victim A' },
    });
    const [due] = await h.owner.query(
      `SELECT payload FROM cases.outbox WHERE type = 'victim-update.due' AND payload->>'victimUpdateId' = $1`,
      [event.victimUpdates[0]!.id],
    );
    expect(due.payload).toEqual({
      victimUpdateId: event.victimUpdates[0]!.id,
      dueBy: '2026-05-26T22:59:59.999Z',
      caseId: h.fixture.cases.NV2,
      clinicId: h.fixture.clinics.NV,
    });
  });

  it('standard entitlement over Christmas and New Year: 5 working days, skipping the bank holidays', async () => {
    const set = await h.gql(
      'advocate.sfa',
      `mutation($input: SetVictimCodeEntitlementInput!) { setVictimCodeEntitlement(input: $input) { id } }`,
      { input: { personId: h.fixture.persons['SF1.victim'], entitlement: 'STANDARD' } },
    );
    expect(set.body.errors).toBeUndefined();
    const shown = await h.gql<{ case: { victims: { victimCodeEntitlement: string }[] } }>(
      'spoc.sfc',
      `query($id: ID!) { case(id: $id) { victims { victimCodeEntitlement } } }`,
      { id: h.fixture.cases.SF1 },
    );
    expect(shown.body.data!.case.victims[0]!.victimCodeEntitlement).toBe('STANDARD');
    // Released on Tuesday 23 December 2025: 24th, then 29th, 30th, 31st, then Friday 2 January.
    const event = await recordEventOk('spoc.sfc', 'SF1', 'RELEASED', '2025-12-23T11:00:00Z');
    expect(event.victimUpdates[0]).toMatchObject({
      entitlement: 'STANDARD',
      workingDays: 5,
      dueBy: '2026-01-02T23:59:59.999Z',
    });
    await h.owner.query(`UPDATE cases.persons SET victim_code_entitlement = NULL WHERE id = $1`, [
      h.fixture.persons['SF1.victim'],
    ]);
  });

  it('only the Right 6 triggers create obligations; only police record criminal-justice events', async () => {
    const charged = await recordEventOk('spoc.nvp', 'NV1', 'CHARGED', '2026-11-26T10:00:00Z');
    expect(charged.victimUpdates).toEqual([]);
    for (const user of ['advocate.nva', 'mh.nvh', 'probation.nvps', 'coord.nvc', 'cps.nv'])
      expect(
        (await recordEvent(user, 'NV1', 'ARREST', '2026-11-26T10:00:00Z')).body.errors?.[0]?.extensions?.code,
      ).toBe('FORBIDDEN');
    expect(
      (await recordEvent('spoc.sfc', 'NV1', 'ARREST', '2026-11-26T10:00:00Z')).body.errors?.[0]?.extensions
        ?.code,
    ).toBe('NOT_FOUND');
    expect(
      (await recordEvent('spoc.nvp', 'NV1', 'ARREST', '2099-01-01T00:00:00Z')).body.errors?.[0]?.extensions,
    ).toEqual({ code: 'BAD_USER_INPUT', field: 'occurredAt' });
  });

  it('delivery: police or advocate record when, how and what; checks on time, content and repeats', async () => {
    const event = await recordEventOk('spoc.nvp', 'NV1', 'INTERVIEW_UNDER_CAUTION', '2026-11-26T10:00:00Z');
    const update = event.victimUpdates[0]!;
    expect(update.dueBy).toBe('2026-11-27T23:59:59.999Z');
    const deliver = (user: string, extra: Record<string, unknown>) =>
      h.gql<{ recordVictimUpdateDelivered: { deliveredOnTime: boolean; version: number } }>(user, DELIVER, {
        input: {
          id: update.id,
          expectedVersion: update.version,
          deliveredAt: '2026-11-27T15:00:00Z',
          method: 'IN_PERSON',
          content: 'Told Victim A the subject was interviewed under caution.',
          ...extra,
        },
      });
    // Roles without D22 cannot see the obligation at all.
    for (const user of ['mh.nvh', 'probation.nvps', 'cps.nv', 'coord.nvc'])
      expect((await deliver(user, {})).body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // The chair reads D22 but does not write it (chair.sfh: another clinic's chair sees nothing).
    expect((await deliver('chair.sfh', {})).body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(
      (await deliver('spoc.nvp', { deliveredAt: '2026-11-26T09:00:00Z' })).body.errors?.[0]?.extensions,
    ).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'deliveredAt',
    });
    const phone = (
      await h.owner.query(`SELECT phone FROM cases.locations WHERE person_id = $1`, [
        h.fixture.persons['NV1.victim'],
      ])
    )[0].phone as string;
    const leaky = await deliver('advocate.nva', { content: `Rang her on ${phone} and told her.` });
    expect(leaky.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'content' });
    expect(leaky.text.replace(/\D/g, '')).not.toContain(phone.replace(/\D/g, ''));
    const ok = await deliver('spoc.nvp', {});
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data!.recordVictimUpdateDelivered.deliveredOnTime).toBe(true);
    const again = await deliver('advocate.nva', {});
    expect(again.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('a late delivery is recorded as not on time', async () => {
    const event = await recordEventOk('spoc.nvp', 'NV1', 'BAIL_CONDITIONS_CHANGED', '2026-11-23T10:00:00Z');
    const update = event.victimUpdates[0]!;
    const res = await h.gql<{ recordVictimUpdateDelivered: { deliveredOnTime: boolean; overdue: boolean } }>(
      'advocate.nva',
      DELIVER,
      {
        input: {
          id: update.id,
          expectedVersion: update.version,
          deliveredAt: '2026-11-26T12:00:00Z',
          method: 'EMAIL',
          content: 'Told Victim A the bail conditions were changed.',
        },
      },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.recordVictimUpdateDelivered).toMatchObject({
      deliveredOnTime: false,
      overdue: false,
    });
  });

  it('dashboards: due and overdue, scoped in SQL to police and advocate participants and the chair', async () => {
    const overdueFor = async (user: string) => {
      const res = await h.gql<{ victimUpdatesOverdue: Conn }>(user, OVERDUE, { clinic: null });
      return res;
    };
    // The seeded SF1 arrest the victim was never told about.
    const [seeded] = await h.owner.query(
      `SELECT id FROM cases.victim_updates WHERE case_id = $1 AND delivered_at IS NULL ORDER BY due_by LIMIT 1`,
      [h.fixture.cases.SF1],
    );
    for (const user of ['chair.sfh', 'spoc.sfc', 'advocate.sfa']) {
      const res = await overdueFor(user);
      expect(res.body.errors).toBeUndefined();
      const ids = res.body.data!.victimUpdatesOverdue.edges.map((e) => e.node.id);
      expect(ids).toContain(seeded.id);
      expect(
        res.body.data!.victimUpdatesOverdue.edges.every((e) => e.node.caseId === h.fixture.cases.SF1),
      ).toBe(true);
    }
    // North Vale's police and advocate see none of South Fen's.
    for (const user of ['spoc.nvp', 'advocate.nva', 'chair.nvp']) {
      const res = await overdueFor(user);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data!.victimUpdatesOverdue.edges.map((e) => e.node.id)).not.toContain(seeded.id);
    }
    // Roles the matrix gives no D22 are refused outright.
    for (const user of ['coord.sfc', 'mh.sfh', 'probation.sfps', 'cps.sf', 'auditor.sfc', 'admin.nvc']) {
      const res = await overdueFor(user);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(res.text).not.toContain(seeded.id);
    }
    // A clinic filter never widens the scope.
    const other = await h.gql<{ victimUpdatesDue: Conn }>('spoc.nvp', DUE, {
      clinic: h.fixture.clinics.SF,
      first: 50,
    });
    expect(other.body.data!.victimUpdatesDue.edges).toEqual([]);
  });

  it('dashboards page by keyset in deadline order', async () => {
    for (const at of ['2026-11-09T10:00:00Z', '2026-11-02T10:00:00Z', '2026-11-16T10:00:00Z'])
      await recordEventOk('spoc.nvp', 'NV3', 'RELEASED', at);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const res: { body: { data?: { victimUpdatesDue: Conn }; errors?: unknown[] } } = await h.gql<{
        victimUpdatesDue: Conn;
      }>('spoc.nvp', DUE, { clinic: h.fixture.clinics.NV, first: 1, after });
      expect(res.body.errors).toBeUndefined();
      const conn: Conn = res.body.data!.victimUpdatesDue;
      seen.push(...conn.edges.filter((e) => e.node.caseId === h.fixture.cases.NV3).map((e) => e.node.dueBy));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toEqual([
      '2026-11-03T23:59:59.999Z',
      '2026-11-10T23:59:59.999Z',
      '2026-11-17T23:59:59.999Z',
    ]);
  });

  it('D22 per role on a case: chair reads, police and advocate read and write, nobody else', async () => {
    const query = `query($id: ID!) { case(id: $id) { reference victimUpdates { trigger content deliveredBy { displayName } }
      victims { alias victimCodeEntitlement } criminalJusticeEvents { type occurredAt } } }`;
    const expected: Record<string, { d22: boolean; d5: boolean }> = {
      'chair.nvp': { d22: true, d5: true },
      'spoc.nvp': { d22: true, d5: true },
      'advocate.nva': { d22: true, d5: true },
      'coord.nvc': { d22: false, d5: false },
      'mh.nvh': { d22: false, d5: true },
      'probation.nvps': { d22: false, d5: true },
      'cps.nv': { d22: false, d5: true },
    };
    for (const [user, { d22, d5 }] of Object.entries(expected)) {
      type Q = {
        case: {
          victimUpdates: { content: string | null }[] | null;
          victims: { victimCodeEntitlement: string | null }[];
          criminalJusticeEvents: { type: string }[] | null;
        };
      };
      const res = await h.gql<Q>(user, query, { id: h.fixture.cases.NV1 });
      const c = res.body.data!.case;
      const forbidden = new Set(
        (res.body.errors ?? [])
          .filter((e) => e.extensions?.code === 'FORBIDDEN')
          .map((e) => e.path!.join('.')),
      );
      expect((res.body.errors ?? []).every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
      if (d22) {
        expect(c.victimUpdates!.length).toBeGreaterThan(0);
        expect(c.victims[0]!.victimCodeEntitlement).toBe('ENHANCED');
      } else {
        expect(c.victimUpdates).toBeNull();
        expect(forbidden.has('case.victimUpdates')).toBe(true);
        expect(c.victims?.[0]?.victimCodeEntitlement ?? null).toBeNull();
        for (const canary of h.fixture.canaries.D22) expect(res.text).not.toContain(canary);
      }
      if (d5) expect(c.criminalJusticeEvents!.map((e) => e.type)).toContain('BAILED');
      else expect(forbidden.has('case.criminalJusticeEvents')).toBe(true);
    }
  });
});
