import { randomUUID } from 'node:crypto';
import { EVENT_TYPES, type EventEnvelope, type EventType } from '@scp/contracts';
import { applyCaseEvent, ReferralMonitorService } from '@scp/referrals';
import { startReferralsHarness, type ReferralsHarness } from './testing/referrals-harness.js';
import {
  ACCEPT,
  CANARY_PHONE,
  CANARY_STREET,
  CREATE,
  DECLINE,
  ok,
  referralInput,
  SCREEN,
  SUBMIT,
  type ReferralData,
} from './testing/referral-ops.js';

const FULL = `query($id: ID!) { referral(id: $id) {
  id reference status reason cjStatus sharingBasis
  subject { givenName familyName dateOfBirth }
  victim { alias relationshipToSubject givenName familyName }
  victimLocations(reason: SAFETY_PLANNING, purpose: "safety planning for the clinic review") { addressLine1 postcode phone }
  sdash { answers score }
  possibleDuplicates { kind reference referralId }
} }`;

const event = (type: EventType, payload: Record<string, unknown>): EventEnvelope => ({
  id: randomUUID(),
  type,
  aggregateType: 'Case',
  aggregateId: String(payload.caseId),
  actorId: null,
  correlationId: null,
  occurredAt: new Date().toISOString(),
  payload,
});

describe('referral visibility, canaries, list side doors, duplicates, overdue, outcomes', () => {
  let h: ReferralsHarness;
  let nv: string;
  let accepted: ReferralData;
  const caseId = randomUUID();
  const ALL_USERS = [
    'spoc.nvp',
    'spoc2.nvp',
    'chair.nvp',
    'coord.nvc',
    'mh.nvh',
    'probation.nvps',
    'advocate.nva',
    'cps.nv',
    'auditor.nvp',
    'admin.nvc',
    'spoc.sfc',
    'chair.sfh',
  ];

  beforeAll(async () => {
    h = await startReferralsHarness();
    nv = h.fixture.clinics.NV!;
    let r = await ok(
      h,
      'spoc.nvp',
      CREATE,
      referralInput(nv, {
        subject: { givenName: 'Oscar', familyName: 'Visibleton', dateOfBirth: '1979-03-03' },
      }),
    );
    r = await ok(h, 'spoc.nvp', SUBMIT, { id: r.id, expectedVersion: r.version });
    r = await ok(h, 'coord.nvc', SCREEN, { id: r.id, expectedVersion: r.version });
    accepted = await ok(h, 'coord.nvc', ACCEPT, {
      id: r.id,
      expectedVersion: r.version,
      tier: 'CLINIC_CASE',
      participantAgencyIds: [
        h.fixture.agencies.NVH,
        h.fixture.agencies.NVPS,
        h.fixture.agencies.NVA,
        h.fixture.agencies.CPSNV,
      ],
    });
  });
  afterAll(async () => h?.close());

  const read = (user: string, id: string) =>
    h.gql<{ referral: Record<string, unknown> | null }>(user, FULL, { id });
  const deniedPaths = (res: Awaited<ReturnType<typeof read>>) =>
    (res.body.errors ?? [])
      .filter((e) => e.extensions?.code === 'FORBIDDEN')
      .map((e) => e.path!.slice(1).join('.'));

  it('before the case exists: the referrer agency and the clinic officers only', async () => {
    for (const user of ALL_USERS) {
      const res = await read(user, accepted.id);
      const visible = ['spoc.nvp', 'spoc2.nvp', 'chair.nvp', 'coord.nvc'].includes(user);
      expect([user, visible ? res.body.data?.referral?.id : res.body.errors?.[0]?.extensions?.code]).toEqual([
        user,
        visible ? accepted.id : 'NOT_FOUND',
      ]);
    }
  });

  it('after case participation arrives, participants see it by the matrix; leaving removes it at once', async () => {
    for (const agency of ['NVP', 'NVH', 'NVPS', 'NVA', 'CPSNV'])
      expect(
        await applyCaseEvent(
          h.owner,
          event(EVENT_TYPES.participationAdded, {
            caseId,
            clinicId: nv,
            agencyId: h.fixture.agencies[agency],
          }),
        ),
      ).toBe(true);
    const created = event(EVENT_TYPES.caseCreated, {
      caseId,
      clinicId: nv,
      leadAgencyId: h.fixture.agencies.NVP,
      referralId: accepted.id,
    });
    expect(await applyCaseEvent(h.owner, created)).toBe(true);
    expect(await applyCaseEvent(h.owner, created)).toBe(false); // redelivery: nothing twice

    const mh = await read('mh.nvh', accepted.id);
    expect(mh.body.data?.referral?.id).toBe(accepted.id);
    // MH: victim pseudonymised (D11 limited), no location (D12), S-DASH readable (D8 R).
    expect(deniedPaths(mh).sort()).toEqual(['victim.familyName', 'victim.givenName', 'victimLocations']);
    expect((mh.body.data!.referral!.victim as Record<string, unknown>).alias).toBe('Victim A');
    const coord = await read('coord.nvc', accepted.id);
    expect(deniedPaths(coord).sort()).toEqual(['sdash', 'victimLocations']);
    const advocate = await read('advocate.nva', accepted.id);
    expect(deniedPaths(advocate)).toEqual([]);
    expect(advocate.text).toContain(CANARY_STREET);
    for (const user of ['spoc.sfc', 'chair.sfh', 'auditor.nvp', 'admin.nvc'])
      expect((await read(user, accepted.id)).body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    await applyCaseEvent(
      h.owner,
      event(EVENT_TYPES.participationEnded, { caseId, clinicId: nv, agencyId: h.fixture.agencies.NVPS }),
    );
    expect((await read('probation.nvps', accepted.id)).body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('victim-location canary never reaches a role the matrix denies, on any path', async () => {
    const paths = [
      FULL,
      `query($id: ID!) { referral(id: $id) { victimLocations(reason: SAFETY_PLANNING, purpose: "x for the clinic review") { addressLine1 phone details } } }`,
      `query($id: ID!) { _entities(representations: [{ __typename: "Referral", id: $id }]) { ... on Referral { victimLocations(reason: SAFETY_PLANNING, purpose: "x for the clinic review") { addressLine1 phone } } } }`,
      `query($id: ID!) { _entities(representations: [{ __typename: "Case", id: "${caseId}" }]) { ... on Case { referral { id victimLocations(reason: SAFETY_PLANNING, purpose: "x for the clinic review") { addressLine1 phone } } } } }`,
      `{ referrals { edges { node { id victimLocations(reason: SAFETY_PLANNING, purpose: "x for the clinic review") { addressLine1 phone } } } } }`,
    ];
    for (const user of [
      'coord.nvc',
      'mh.nvh',
      'probation.nvps',
      'cps.nv',
      'chair.sfh',
      'spoc.sfc',
      'auditor.nvp',
      'admin.nvc',
    ])
      for (const query of paths) {
        const res = await h.gql(user, query, { id: accepted.id });
        expect([user, res.text.includes(CANARY_STREET) || res.text.includes(CANARY_PHONE)]).toEqual([
          user,
          false,
        ]);
      }
    // A police chair reads it through the police role; reading it needs a purpose, which is audited.
    const chair = await h.gql(
      'chair.nvp',
      `query($id: ID!) { referral(id: $id) { victimLocations(reason: SAFETY_PLANNING, purpose: "safety visit for the clinic review") { addressLine1 } } }`,
      { id: accepted.id },
    );
    expect(chair.text).toContain(CANARY_STREET);
    const noPurpose = await h.gql(
      'chair.nvp',
      `query($id: ID!) { referral(id: $id) { victimLocations(reason: SAFETY_PLANNING, purpose: " ") { addressLine1 } } }`,
      { id: accepted.id },
    );
    expect(noPurpose.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const audit: { purpose: string }[] = await h.owner.query(
      `SELECT purpose FROM audit.events WHERE entity_type = 'Referral' AND action = 'VIEW' AND 'D12' = ANY(categories) AND actor_id = $1`,
      [h.fixture.users['chair.nvp']],
    );
    expect(audit.map((a) => a.purpose)).toContain(
      'Safety planning for the victim: safety visit for the clinic review',
    );
  });

  it('Case.referral through _entities: participants see it, others get null', async () => {
    const q = `{ _entities(representations: [{ __typename: "Case", id: "${caseId}" }]) { ... on Case { referral { id reference } } } }`;
    const mh = await h.gql<{ _entities: { referral: { id: string } | null }[] }>('mh.nvh', q);
    expect(mh.body.data!._entities[0]!.referral?.id).toBe(accepted.id);
    const other = await h.gql<{ _entities: { referral: unknown }[] }>('spoc.sfc', q);
    expect(other.body.data!._entities[0]!.referral).toBeNull();
    const link = await h.gql<{ referral: { case: { id: string } } }>(
      'spoc.nvp',
      `query($id: ID!) { referral(id: $id) { case { id } } }`,
      { id: accepted.id },
    );
    expect(link.body.data!.referral.case.id).toBe(caseId);
  });

  it('lists filter in SQL; filters and sorts on forbidden categories are refused; counts agree', async () => {
    const count = (user: string, filter = '{}') =>
      h.gql<{ referralsCount: number }>(user, `{ referralsCount(filter: ${filter}) }`);
    expect((await count('spoc.sfc')).body.data!.referralsCount).toBe(0);
    expect((await count('auditor.nvp')).body.data!.referralsCount).toBe(0);
    expect((await count('mh.nvh')).body.data!.referralsCount).toBe(1);
    const refused: [string, string][] = [
      [
        'coord.nvc',
        `{ referrals(filter: { victimPostcode: "ZZ1 7CR" }, reason: SAFETY_PLANNING, purpose: "x for the clinic review") { edges { node { id } } } }`,
      ],
      [
        'mh.nvh',
        `{ referralsCount(filter: { victimPostcode: "ZZ1 7CR" }, reason: SAFETY_PLANNING, purpose: "x for the clinic review") }`,
      ],
      ['auditor.nvp', `{ referrals(orderBy: { field: SUBJECT_FAMILY_NAME }) { edges { node { id } } } }`],
      ['admin.nvc', `{ referralsCount(filter: { subjectFamilyNameStartsWith: "Vi" }) }`],
    ];
    for (const [user, query] of refused) {
      const res = await h.gql(user, query);
      expect([user, res.body.errors?.[0]?.extensions?.code]).toEqual([user, 'FORBIDDEN']);
      expect(res.text).not.toContain('Visibleton');
    }
    const noPurpose = await h.gql(
      'advocate.nva',
      `{ referralsCount(filter: { victimPostcode: "ZZ1 7CR" }) }`,
    );
    expect(noPurpose.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'reason',
    });
    const advocate = await h.gql<{ referralsCount: number }>(
      'advocate.nva',
      `{ referralsCount(filter: { victimPostcode: "zz17cr" }, reason: SAFETY_PLANNING, purpose: "safety for the clinic review") }`,
    );
    expect(advocate.body.data!.referralsCount).toBe(1);
    // Keyset pagination: two pages of one, no overlap.
    const page = (after?: string) =>
      h.gql<{
        referrals: {
          edges: { cursor: string; node: { id: string } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
      }>(
        'spoc.nvp',
        `query($after: String) { referrals(first: 1, after: $after, orderBy: { field: SUBJECT_FAMILY_NAME, direction: ASC }) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
    const p1 = await page();
    expect(p1.body.data!.referrals.edges).toHaveLength(1);
    if (p1.body.data!.referrals.pageInfo.hasNextPage) {
      const p2 = await page(p1.body.data!.referrals.pageInfo.endCursor);
      expect(p2.body.data!.referrals.edges[0]!.node.id).not.toBe(p1.body.data!.referrals.edges[0]!.node.id);
    }
  });

  it('flags a possible duplicate to the clinic officers, without leaking it to the referrer', async () => {
    // The advocacy service refers the same subject: an open case exists (the accepted referral).
    let dup = await ok(
      h,
      'advocate.nva',
      CREATE,
      referralInput(nv, {
        subject: { givenName: 'Oscar', familyName: 'VISIBLETON', dateOfBirth: '1979-03-03' },
        sdash: null,
      }),
    );
    dup = await ok(h, 'advocate.nva', SUBMIT, { id: dup.id, expectedVersion: dup.version });
    const coord = await read('coord.nvc', dup.id);
    expect(coord.body.data!.referral!.possibleDuplicates).toEqual([
      { kind: 'CASE', reference: accepted.reference, referralId: accepted.id },
    ]);
    // The advocate's agency participates in that case, but the flag is for the clinic only.
    const own = await read('advocate.nva', dup.id);
    expect(own.body.data!.referral!.possibleDuplicates).toEqual([]);
    // A police force from another clinic... and a referrer whose agency does not participate:
    // SFC is not in the NV case; it refers the same subject to the NV clinic.
    let outsider = await ok(
      h,
      'spoc.sfc',
      CREATE,
      referralInput(nv, {
        subject: { givenName: 'Oscar', familyName: 'Visibleton', dateOfBirth: '1979-03-03' },
      }),
    );
    outsider = await ok(h, 'spoc.sfc', SUBMIT, { id: outsider.id, expectedVersion: outsider.version });
    const seen = await read('spoc.sfc', outsider.id);
    expect(seen.body.data!.referral!.possibleDuplicates).toEqual([]);
    expect(seen.text).not.toContain(accepted.reference);
    expect(seen.text).not.toContain(caseId);
    expect((await read('spoc.sfc', accepted.id)).body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const flagged = await read('coord.nvc', outsider.id);
    expect(
      (flagged.body.data!.referral!.possibleDuplicates as { reference: string }[])
        .map((d) => d.reference)
        .sort(),
    ).toEqual([accepted.reference, dup.reference].sort());
  });

  it('flags urgent referrals not screened within one working day, once, with an event', async () => {
    let urgent = await ok(
      h,
      'spoc.nvp',
      CREATE,
      referralInput(nv, { urgency: 'URGENT', subject: { familyName: 'Urgentson' } }),
    );
    urgent = await ok(h, 'spoc.nvp', SUBMIT, { id: urgent.id, expectedVersion: urgent.version });
    const [due] = await h.owner.query(
      `SELECT screening_due_at, submitted_at FROM referrals.referrals WHERE id = $1`,
      [urgent.id],
    );
    expect(due.screening_due_at.getTime()).toBeGreaterThan(due.submitted_at.getTime());
    const monitor = h.app.get(ReferralMonitorService);
    expect(await monitor.flagOverdue(new Date())).not.toContain(urgent.id);
    const later = new Date(due.screening_due_at.getTime() + 60_000);
    expect(await monitor.flagOverdue(later)).toEqual([urgent.id]);
    expect(await monitor.flagOverdue(later)).toEqual([]);
    const events: { type: string; payload: Record<string, unknown> }[] = await h.owner.query(
      `SELECT type, payload FROM referrals.outbox WHERE aggregate_id = $1 AND type = 'referral.screening-overdue'`,
      [urgent.id],
    );
    expect(events).toEqual([
      {
        type: 'referral.screening-overdue',
        payload: { referralId: urgent.id, clinicId: nv, referrerAgencyId: h.fixture.agencies.NVP },
      },
    ]);
    // The derived flag, and the coordinator's overdue filter.
    await h.owner.query(
      `UPDATE referrals.referrals SET screening_due_at = now() - interval '1 minute' WHERE id = $1`,
      [urgent.id],
    );
    const list = await h.gql<{ referrals: { edges: { node: { id: string; overdue: boolean } }[] } }>(
      'coord.nvc',
      `{ referrals(filter: { overdue: true }) { edges { node { id overdue } } } }`,
    );
    expect(list.body.data!.referrals.edges.map((e) => e.node)).toEqual([{ id: urgent.id, overdue: true }]);
  });

  it('outcome figures for the chair only', async () => {
    let r = await ok(h, 'spoc.nvp', CREATE, referralInput(nv, { subject: { familyName: 'Declinedson' } }));
    r = await ok(h, 'spoc.nvp', SUBMIT, { id: r.id, expectedVersion: r.version });
    r = await ok(h, 'coord.nvc', SCREEN, { id: r.id, expectedVersion: r.version });
    await ok(h, 'coord.nvc', DECLINE, {
      id: r.id,
      expectedVersion: r.version,
      reason: 'Below the clinic threshold',
    });
    const q = `query($c: ID!) { referralOutcomes(clinicId: $c, from: "2000-01-01", to: "2100-01-01") {
      received accepted declined withdrawn urgentOverdue medianHoursToScreening
      acceptedByTier { tier count } declinedByReason { reason count } } }`;
    const chair = await h.gql<{ referralOutcomes: Record<string, unknown> }>('chair.nvp', q, { c: nv });
    expect(chair.body.data!.referralOutcomes).toMatchObject({
      accepted: 1,
      declined: 1,
      acceptedByTier: [{ tier: 'CLINIC_CASE', count: 1 }],
      declinedByReason: [{ reason: 'Below the clinic threshold', count: 1 }],
      urgentOverdue: 1,
    });
    expect(chair.body.data!.referralOutcomes.received).toBeGreaterThanOrEqual(5);
    for (const user of ['coord.nvc', 'spoc.nvp', 'chair.sfh'])
      expect((await h.gql(user, q, { c: nv })).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
