import { startCasesHarness, type CasesHarness } from './testing/cases-harness.js';

/**
 * Breaches (D17) through the cases subgraph: recorded as crimes or with a supervisor-approved
 * reason, free of the victim's location, shown as a pattern, and what police action on them sets
 * off (urgent review, victim update). Scenario 10 of domain.md.
 */
interface BreachData {
  id: string;
  type: string;
  occurredAt: string;
  crimeReference: string | null;
  crimeNotRecordedReason: string | null;
  reasonApprovedBy: { id: string; displayName: string } | null;
  version: number;
  outcomes: { action: string; occurredAt: string }[];
}

const BREACH_FIELDS = `id type occurredAt crimeReference crimeNotRecordedReason reasonApprovedBy { id displayName } version
  outcomes { action occurredAt }`;
const RECORD = `mutation($input: RecordBreachInput!) { recordBreach(input: $input) { ${BREACH_FIELDS} } }`;
const OUTCOME = `mutation($input: RecordBreachOutcomeInput!) { recordBreachOutcome(input: $input) { ${BREACH_FIELDS} } }`;

describe('breaches (D17)', () => {
  let h: CasesHarness;
  beforeAll(async () => {
    h = await startCasesHarness({ canaries: true });
  });
  afterAll(async () => h?.close());

  const record = (user: string, input: Record<string, unknown>) =>
    h.gql<{ recordBreach: BreachData }>(user, RECORD, { input });
  const recordOk = async (user: string, input: Record<string, unknown>) => {
    const res = await record(user, input);
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.recordBreach;
  };
  const breachCount = async () =>
    Number((await h.owner.query(`SELECT count(*) AS n FROM cases.breaches`))[0].n);
  const base = () => ({
    caseId: h.fixture.cases.NV1,
    occurredAt: '2026-11-25T18:30:00Z',
    type: 'CONTACT',
  });

  it('scenario 10: an online breach with a crime reference, an arrest, an urgent review, a victim update the advocate delivers', async () => {
    await h.owner.query(`UPDATE cases.cases SET urgent_review_requested_at = NULL WHERE id = $1`, [
      h.fixture.cases.NV1,
    ]);
    const flag = `query($id: ID!) { case(id: $id) { urgentReviewRequested urgentReviewRequestedAt } }`;
    expect(
      (
        await h.gql<{ case: { urgentReviewRequested: boolean } }>('chair.nvp', flag, {
          id: h.fixture.cases.NV1,
        })
      ).body.data!.case.urgentReviewRequested,
    ).toBe(false);

    // The subject contacts the victim on social media (Friday 22 May 2026, 13:00 BST).
    const breach = await recordOk('spoc.nvp', {
      caseId: h.fixture.cases.NV1,
      occurredAt: '2026-05-22T13:00:00+01:00',
      type: 'ONLINE',
      crimeReference: 'NV/51001/26',
      courseOfConductReference: 'NV/38001/26',
      description: 'Sent Victim A messages from a new social media account.',
    });
    expect(breach).toMatchObject({ type: 'ONLINE', crimeReference: 'NV/51001/26', outcomes: [] });
    // No police action yet: no urgent review, no victim update.
    expect(
      (
        await h.gql<{ case: { urgentReviewRequested: boolean } }>('chair.nvp', flag, {
          id: h.fixture.cases.NV1,
        })
      ).body.data!.case.urgentReviewRequested,
    ).toBe(false);

    // The subject is arrested at 16:00 that Friday; Monday 25 May is a bank holiday.
    const arrested = await h.gql<{ recordBreachOutcome: BreachData }>('spoc.nvp', OUTCOME, {
      input: {
        breachId: breach.id,
        expectedVersion: breach.version,
        action: 'ARREST',
        occurredAt: '2026-05-22T16:00:00+01:00',
      },
    });
    expect(arrested.body.errors).toBeUndefined();
    expect(arrested.body.data!.recordBreachOutcome.outcomes).toEqual([
      { action: 'ARREST', occurredAt: '2026-05-22T15:00:00.000Z' },
    ]);

    // Urgent review flagged on the case header (D1: every partner sees it).
    for (const user of ['chair.nvp', 'coord.nvc', 'mh.nvh', 'probation.nvps', 'advocate.nva', 'cps.nv']) {
      const res = await h.gql<{ case: { urgentReviewRequested: boolean; urgentReviewRequestedAt: string } }>(
        user,
        flag,
        { id: h.fixture.cases.NV1 },
      );
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data!.case.urgentReviewRequested).toBe(true);
    }
    const outbox: { type: string; payload: Record<string, unknown> }[] = await h.owner.query(
      `SELECT type, payload FROM cases.outbox WHERE aggregate_id = $1 AND type IN ('breach.recorded', 'case.urgent-review-requested', 'victim-update.due')
        AND (payload->>'breachId' = $2 OR type = 'victim-update.due') ORDER BY created_at`,
      [h.fixture.cases.NV1, breach.id],
    );
    expect(outbox.map((e) => e.type)).toEqual(
      expect.arrayContaining(['breach.recorded', 'case.urgent-review-requested', 'victim-update.due']),
    );
    expect(outbox.find((e) => e.type === 'breach.recorded')!.payload).toMatchObject({
      breachId: breach.id,
      type: 'ONLINE',
      crimeRecorded: true,
    });

    // A victim update is due within 1 working day: by the end of Tuesday 26 May (BST).
    type Updates = {
      case: {
        victimUpdates: {
          id: string;
          trigger: string;
          breachId: string | null;
          entitlement: string;
          dueBy: string;
          overdue: boolean;
          version: number;
        }[];
      };
    };
    const updates = await h.gql<Updates>(
      'advocate.nva',
      `query($id: ID!) { case(id: $id) { victimUpdates { id trigger breachId entitlement dueBy overdue version } } }`,
      { id: h.fixture.cases.NV1 },
    );
    expect(updates.body.errors).toBeUndefined();
    const due = updates.body.data!.case.victimUpdates.find((u) => u.breachId === breach.id)!;
    expect(due).toMatchObject({
      trigger: 'ARREST',
      entitlement: 'ENHANCED',
      dueBy: '2026-05-26T22:59:59.999Z',
    });
    const dashboard = `query($clinic: ID) { victimUpdatesDue(clinicId: $clinic, first: 50) { edges { node { id dueBy } } } }`;
    const listed = await h.gql<{ victimUpdatesDue: { edges: { node: { id: string } }[] } }>(
      'advocate.nva',
      dashboard,
      { clinic: h.fixture.clinics.NV },
    );
    expect(listed.body.data!.victimUpdatesDue.edges.map((e) => e.node.id)).toContain(due.id);

    // The advocate tells the victim on Tuesday morning and records it.
    const delivered = await h.gql<{
      recordVictimUpdateDelivered: {
        deliveredOnTime: boolean;
        overdue: boolean;
        method: string;
        deliveredBy: { id: string };
      };
    }>(
      'advocate.nva',
      `mutation($input: RecordVictimUpdateDeliveredInput!) { recordVictimUpdateDelivered(input: $input) {
         deliveredAt deliveredOnTime overdue method content deliveredBy { id displayName } deliveredByAgency { code } } }`,
      {
        input: {
          id: due.id,
          expectedVersion: due.version,
          deliveredAt: '2026-05-26T10:00:00+01:00',
          method: 'PHONE',
          content: 'Told Victim A the subject was arrested for the breach and remains in custody.',
        },
      },
    );
    expect(delivered.body.errors).toBeUndefined();
    const advocate = await h.actor('advocate.nva');
    expect(delivered.body.data!.recordVictimUpdateDelivered).toMatchObject({
      deliveredOnTime: true,
      overdue: false,
      method: 'PHONE',
      deliveredBy: { id: advocate.userId },
    });
    const after = await h.gql<{ victimUpdatesDue: { edges: { node: { id: string } }[] } }>(
      'advocate.nva',
      dashboard,
      { clinic: h.fixture.clinics.NV },
    );
    expect(after.body.data!.victimUpdatesDue.edges.map((e) => e.node.id)).not.toContain(due.id);
    const [event] = await h.owner.query(
      `SELECT payload FROM cases.outbox WHERE type = 'victim-update.delivered' AND payload->>'victimUpdateId' = $1`,
      [due.id],
    );
    expect(event.payload).toMatchObject({ victimUpdateId: due.id, onTime: true });
    expect(JSON.stringify(event.payload)).not.toContain('custody');

    // The clinic holds the urgent review and clears the flag.
    const cleared = await h.gql<{ clearUrgentReview: { urgentReviewRequested: boolean } }>(
      'chair.nvp',
      `mutation($id: ID!) { clearUrgentReview(caseId: $id) { urgentReviewRequested } }`,
      { id: h.fixture.cases.NV1 },
    );
    expect(cleared.body.errors).toBeUndefined();
    expect(cleared.body.data!.clearUrgentReview.urgentReviewRequested).toBe(false);
  });

  it('a breach without a crime reference and without an approved reason is rejected', async () => {
    const before = await breachCount();
    const none = await record('spoc.nvp', base());
    expect(none.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'crimeReference' });
    // A reason with no approver is not even a valid input.
    const unapproved = await record('spoc.nvp', {
      ...base(),
      crimeNotRecorded: { reason: 'Victim did not want a crime recorded for this contact.' },
    });
    expect(unapproved.body.errors?.length).toBeGreaterThan(0);
    const both = await record('spoc.nvp', {
      ...base(),
      crimeReference: 'NV/51002/26',
      crimeNotRecorded: {
        reason: 'Victim did not want a crime recorded for this contact.',
        approvedByUserId: h.fixture.users['chair.nvp'],
      },
    });
    expect(both.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'crimeNotRecorded' });
    expect(await breachCount()).toBe(before);
  });

  it('the reason must be approved by another police officer of the same force on the case', async () => {
    const reason = 'Duplicate of a contact already recorded as a crime.';
    const field = 'crimeNotRecorded.approvedByUserId';
    for (const approver of ['spoc.nvp', 'spoc.sfc', 'mh.nvh', 'advocate.nva', 'auditor.nvp']) {
      const res = await record('spoc.nvp', {
        ...base(),
        crimeNotRecorded: { reason, approvedByUserId: h.fixture.users[approver] },
      });
      expect(res.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    }
    const approved = await recordOk('spoc.nvp', {
      ...base(),
      crimeNotRecorded: { reason, approvedByUserId: h.fixture.users['chair.nvp'] },
    });
    expect(approved).toMatchObject({
      crimeReference: null,
      crimeNotRecordedReason: reason,
      reasonApprovedBy: { id: h.fixture.users['chair.nvp'] },
    });
    // Naming the approver is not approval: the reason waits for their decision (issue 14).
    const [row] = await h.owner.query(
      `SELECT reason_approved_by_user_id AS approver, reason_approved_at IS NOT NULL AS at, approval_status AS status
         FROM cases.breaches WHERE id = $1`,
      [approved.id],
    );
    expect(row).toEqual({ approver: h.fixture.users['chair.nvp'], at: false, status: 'PENDING' });
  });

  it('breachApprovers lists the other police officers of the caller’s force on the case, to police who may record breaches only', async () => {
    const q = `query($caseId: ID!) { breachApprovers(caseId: $caseId) { id displayName } }`;
    const ask = (user: string, caseId = h.fixture.cases.NV1) =>
      h.gql<{ breachApprovers: { id: string; displayName: string }[] }>(user, q, { caseId });
    const mine = await ask('spoc.nvp');
    expect(mine.body.errors).toBeUndefined();
    // chair.nvp is also a police SPOC of North Vale Police; the caller never names themself.
    expect(mine.body.data!.breachApprovers).toEqual([
      { id: h.fixture.users['chair.nvp'], displayName: 'Demo Chair (North Vale Police)' },
    ]);
    expect((await ask('chair.nvp')).body.data!.breachApprovers.map((u) => u.id)).toEqual([
      h.fixture.users['spoc.nvp'],
    ]);
    // Every name on the list is accepted as the approver (the list and the rule agree).
    const reason = 'Recorded under an earlier crime reference for the same contact.';
    await recordOk('spoc.nvp', {
      ...base(),
      crimeNotRecorded: { reason, approvedByUserId: mine.body.data!.breachApprovers[0]!.id },
    });
    // Partners who may not record breaches, and police of another force, get no names.
    for (const user of ['mh.nvh', 'advocate.nva', 'probation.nvps', 'cps.nv']) {
      const res = await ask(user);
      expect(res.body.data ?? null).toBeNull();
      expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    for (const user of ['spoc.sfc', 'admin.nvc', 'auditor.nvp']) {
      const res = await ask(user);
      expect(res.body.data ?? null).toBeNull();
      expect(res.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
  });

  it("a description carrying the victim's seeded address, postcode or phone is refused, naming the field and never echoing the value", async () => {
    const [location] = await h.owner.query(
      `SELECT l.address_line1, l.postcode, l.phone FROM cases.locations l WHERE l.person_id = $1`,
      [h.fixture.persons['NV1.victim']],
    );
    const before = await breachCount();
    const attempts: [Record<string, unknown>, string][] = [
      [{ description: `Waited outside ${location.address_line1} for an hour.` }, 'description'],
      [
        { description: `Seen near ${location.postcode.toLowerCase().replace(' ', '')} again.` },
        'description',
      ],
      [{ description: `Called her on ${location.phone.replace(/\s/g, '-')} twice.` }, 'description'],
      [
        {
          crimeReference: undefined,
          crimeNotRecorded: {
            reason: `Victim asked us to ring ${location.phone} first.`,
            approvedByUserId: h.fixture.users['chair.nvp'],
          },
        },
        'crimeNotRecorded.reason',
      ],
    ];
    for (const [i, [extra, field]] of attempts.entries()) {
      // Three refusals a day pause the writer on the case (docs/free-text.md): start the next day.
      if (i === 3) {
        const paused = await record('spoc.nvp', { ...base(), crimeReference: 'NV/51003/26', ...extra });
        expect(paused.body.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN' });
        await h.owner.query(`DELETE FROM cases.free_text_refusals WHERE user_id = $1`, [
          h.fixture.users['spoc.nvp'],
        ]);
      }
      const res = await record('spoc.nvp', { ...base(), crimeReference: 'NV/51003/26', ...extra });
      expect(res.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field });
      expect(res.text).not.toContain(location.address_line1);
      expect(res.text).not.toContain(location.postcode);
      expect(res.text.replace(/\D/g, '')).not.toContain(location.phone.replace(/\D/g, ''));
    }
    expect(await breachCount()).toBe(before);
  });

  it('breaches show as a pattern: in time order, with counts per type, for every partner', async () => {
    const at = ['2026-11-10T09:00:00Z', '2026-11-03T09:00:00Z', '2026-11-17T09:00:00Z'];
    const types = ['ONLINE', 'CONTACT', 'ONLINE'];
    for (const [i, occurredAt] of at.entries())
      await recordOk('spoc.nvp', {
        caseId: h.fixture.cases.NV2,
        occurredAt,
        type: types[i],
        crimeReference: `NV/6000${i}/26`,
      });
    const query = `query($id: ID!) { case(id: $id) { breaches { total firstOccurredAt lastOccurredAt countsByType { type count } nodes { occurredAt type crimeReference } } } }`;
    type P = {
      case: {
        breaches: {
          total: number;
          firstOccurredAt: string;
          lastOccurredAt: string;
          countsByType: { type: string; count: number }[];
          nodes: { occurredAt: string; type: string }[];
        };
      };
    };
    for (const user of ['spoc.nvp', 'chair.nvp', 'coord.nvc', 'advocate.nva']) {
      const res = await h.gql<P>(user, query, { id: h.fixture.cases.NV2 });
      expect(res.body.errors).toBeUndefined();
      const pattern = res.body.data!.case.breaches;
      expect(pattern.total).toBe(3);
      expect(pattern.nodes.map((n) => n.occurredAt)).toEqual([
        '2026-11-03T09:00:00.000Z',
        '2026-11-10T09:00:00.000Z',
        '2026-11-17T09:00:00.000Z',
      ]);
      expect(pattern.countsByType).toEqual([
        { type: 'CONTACT', count: 1 },
        { type: 'ONLINE', count: 2 },
      ]);
      expect(pattern.firstOccurredAt).toBe('2026-11-03T09:00:00.000Z');
    }
  });

  it('D17 per role: partners read breaches; others see no case; only police record them', async () => {
    const query = `query($id: ID!) { case(id: $id) { breaches { total nodes { type crimeReference description outcomes { action } recordedByAgency { code } } } } }`;
    for (const user of [
      'chair.nvp',
      'coord.nvc',
      'spoc.nvp',
      'mh.nvh',
      'probation.nvps',
      'advocate.nva',
      'cps.nv',
    ]) {
      const res = await h.gql<{ case: { breaches: { total: number; nodes: { description: string }[] } } }>(
        user,
        query,
        { id: h.fixture.cases.NV1 },
      );
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data!.case.breaches.nodes.map((n) => n.description)).toContain(
        'Posted about Victim A on a new social media account the evening the order was served.',
      );
    }
    for (const user of ['auditor.nvp', 'admin.nvc', 'spoc.sfc', 'chair.sfh', 'advocate.sfa']) {
      const res = await h.gql(user, query, { id: h.fixture.cases.NV1 });
      expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
      expect(res.text).not.toContain('social media');
    }
    const input = { ...base(), crimeReference: 'NV/51009/26' };
    for (const user of ['advocate.nva', 'mh.nvh', 'probation.nvps', 'coord.nvc', 'cps.nv'])
      expect((await record(user, input)).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await record('spoc.sfc', input)).body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('the breach must link to an order and condition of its own case; outcomes cannot precede it', async () => {
    const [sfOrder] = await h.owner.query(`SELECT id FROM cases.orders WHERE case_id = $1 LIMIT 1`, [
      h.fixture.cases.SF1,
    ]);
    const [nvCondition] = await h.owner.query(
      `SELECT c.id FROM cases.order_conditions c WHERE c.case_id = $1 LIMIT 1`,
      [h.fixture.cases.NV1],
    );
    const ref = { ...base(), crimeReference: 'NV/51010/26' };
    expect((await record('spoc.nvp', { ...ref, orderId: sfOrder.id })).body.errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'orderId',
    });
    expect(
      (await record('spoc.nvp', { ...ref, conditionId: nvCondition.id })).body.errors?.[0]?.extensions,
    ).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'orderId',
    });
    expect(
      (
        await record('spoc.nvp', {
          ...ref,
          outcomes: [{ action: 'ARREST', occurredAt: '2026-11-25T18:00:00Z' }],
        })
      ).body.errors?.[0]?.extensions,
    ).toEqual({ code: 'BAD_USER_INPUT', field: 'outcomes.0.occurredAt' });
    expect(
      (await record('spoc.nvp', { ...ref, occurredAt: '2099-01-01T00:00:00Z' })).body.errors?.[0]?.extensions,
    ).toEqual({ code: 'BAD_USER_INPUT', field: 'occurredAt' });
    expect(
      (await record('spoc.nvp', { ...ref, occurredAt: '2026-11-25T18:30:00' })).body.errors?.[0]?.extensions
        ?.code,
    ).toBe('BAD_USER_INPUT');
  });

  it('police action recorded with the breach: bail sets the urgent review; no further action does not', async () => {
    await h.owner.query(`UPDATE cases.cases SET urgent_review_requested_at = NULL WHERE id = $1`, [
      h.fixture.cases.NV2,
    ]);
    const flagOf = async () =>
      (
        await h.owner.query(
          `SELECT urgent_review_requested_at IS NOT NULL AS f FROM cases.cases WHERE id = $1`,
          [h.fixture.cases.NV2],
        )
      )[0].f as boolean;
    await recordOk('spoc.nvp', {
      caseId: h.fixture.cases.NV2,
      occurredAt: '2026-11-20T10:00:00Z',
      type: 'APPROACH',
      crimeReference: 'NV/52001/26',
      outcomes: [{ action: 'NO_FURTHER_ACTION', occurredAt: '2026-11-21T10:00:00Z' }],
    });
    expect(await flagOf()).toBe(false);
    const bailed = await recordOk('spoc.nvp', {
      caseId: h.fixture.cases.NV2,
      occurredAt: '2026-11-20T11:00:00Z',
      type: 'LOCATION',
      crimeReference: 'NV/52002/26',
      outcomes: [
        { action: 'ARREST', occurredAt: '2026-11-20T12:00:00Z' },
        { action: 'BAILED', occurredAt: '2026-11-21T09:00:00Z' },
      ],
    });
    expect(bailed.outcomes.map((o) => o.action)).toEqual(['ARREST', 'BAILED']);
    expect(await flagOf()).toBe(true);
    const updates = await h.owner.query(
      `SELECT v.trigger_type FROM cases.victim_updates v JOIN cases.criminal_justice_events e ON e.id = v.trigger_event_id
        WHERE e.breach_id = $1 ORDER BY v.event_at`,
      [bailed.id],
    );
    expect(updates.map((u: { trigger_type: string }) => u.trigger_type)).toEqual(['ARREST', 'BAILED']);
  });
});
