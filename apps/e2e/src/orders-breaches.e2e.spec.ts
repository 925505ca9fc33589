import { startStack, type Stack } from './stack.js';

/**
 * Through the gateway: scenarios 8–10 of domain.md. An interim SPO served on a Monday is due
 * Wednesday, its served text reaches every partner and its protected address only police and the
 * advocate; the full SPO replaces it with no new duty and an 18-month period is rejected; an
 * online breach with a crime reference and an arrest flags the case for urgent review and creates
 * a victim update due within one working day, which the advocate delivers.
 */
describe('end to end: orders, breaches and victim updates', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ canaries: true });
  }, 90_000);
  afterAll(async () => s?.close());

  const ok = async <T>(user: string, query: string, variables: Record<string, unknown>) => {
    const res = await s.gql<T>(user, query, variables);
    expect(res.body.errors).toBeUndefined();
    return res.body.data!;
  };
  const RECORD_ORDER = `mutation($input: RecordOrderInput!) { recordOrder(input: $input) { id status notificationDueBy version } }`;

  it('scenarios 8 and 9: interim SPO due Wednesday, conditions by category; the full SPO replaces it; 18 months rejected', async () => {
    const caseId = s.fixture.cases.NV1;
    const detail = 'Gateway Test Close, Sampletown ZZ1 9GW';
    const interim = (
      await ok<{ recordOrder: { id: string; notificationDueBy: string } }>('spoc.nvp', RECORD_ORDER, {
        input: {
          caseId,
          typeCode: 'INTERIM_SPO',
          status: 'IN_FORCE',
          grantedOn: '2026-11-13',
          servedOn: '2026-11-16', // Monday
          untilFurtherOrder: true,
          conditions: [
            { servedText: 'Not to contact Victim A.' },
            {
              servedText: 'Not to go to the road where Victim A lives.',
              protectedKind: 'ADDRESS',
              protectedDetail: detail,
            },
          ],
        },
      })
    ).recordOrder;
    expect(interim.notificationDueBy).toBe('2026-11-18'); // Wednesday

    const read = `query($id: ID!) { case(id: $id) { orders { id conditions { servedText protectedDetail(reason: ORDER_ENFORCEMENT, purpose: "e2e scenario 8 for the clinic review") { detail } } } } }`;
    for (const user of ['spoc.nvp', 'advocate.nva', 'mh.nvh', 'probation.nvps', 'cps.nv', 'coord.nvc']) {
      const res = await s.gql<{ case: { orders: { id: string; conditions: { servedText: string }[] }[] } }>(
        user,
        read,
        { id: caseId },
      );
      const mine = res.body.data!.case.orders.find((o) => o.id === interim.id)!;
      expect(mine.conditions.map((c) => c.servedText)).toContain('Not to contact Victim A.');
      if (['spoc.nvp', 'advocate.nva'].includes(user)) expect(res.text).toContain(detail);
      else {
        expect(res.text).not.toContain(detail);
        for (const canary of s.fixture.canaries.D16) expect(res.text).not.toContain(canary);
        expect(res.body.errors?.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
      }
    }

    const full = {
      caseId,
      typeCode: 'SPO',
      status: 'IN_FORCE',
      grantedOn: '2026-11-27',
      servedOn: '2026-11-27',
      replacesOrderId: interim.id,
    };
    const short = await s.gql('spoc.nvp', RECORD_ORDER, {
      input: { ...full, fixedEndOn: '2028-05-27' },
    });
    expect(short.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fixedEndOn' });
    const made = await ok<{ recordOrder: { notificationDueBy: string | null } }>('spoc.nvp', RECORD_ORDER, {
      input: { ...full, fixedEndOn: '2029-11-27' },
    });
    expect(made.recordOrder.notificationDueBy).toBeNull();
  });

  it('scenario 10: online breach, arrest, urgent review, victim update due in one working day, delivered by the advocate', async () => {
    const caseId = s.fixture.cases.NV1;
    const breach = await ok<{ recordBreach: { id: string } }>(
      'spoc.nvp',
      `mutation($input: RecordBreachInput!) { recordBreach(input: $input) { id } }`,
      {
        input: {
          caseId,
          occurredAt: '2026-05-22T13:00:00+01:00',
          type: 'ONLINE',
          crimeReference: 'NV/71001/26',
          description: 'Messages to Victim A from a new social media account.',
          outcomes: [{ action: 'ARREST', occurredAt: '2026-05-22T16:00:00+01:00' }],
        },
      },
    );
    const header = await ok<{ case: { urgentReviewRequested: boolean } }>(
      'coord.nvc',
      `query($id: ID!) { case(id: $id) { urgentReviewRequested } }`,
      { id: caseId },
    );
    expect(header.case.urgentReviewRequested).toBe(true);

    const updates = await ok<{
      case: { victimUpdates: { id: string; breachId: string; dueBy: string; version: number }[] };
    }>('advocate.nva', `query($id: ID!) { case(id: $id) { victimUpdates { id breachId dueBy version } } }`, {
      id: caseId,
    });
    const due = updates.case.victimUpdates.find((u) => u.breachId === breach.recordBreach.id)!;
    expect(due.dueBy).toBe('2026-05-26T22:59:59.999Z'); // Monday 25 May is a bank holiday

    const delivered = await ok<{ recordVictimUpdateDelivered: { deliveredOnTime: boolean } }>(
      'advocate.nva',
      `mutation($input: RecordVictimUpdateDeliveredInput!) { recordVictimUpdateDelivered(input: $input) { deliveredOnTime } }`,
      {
        input: {
          id: due.id,
          expectedVersion: due.version,
          deliveredAt: '2026-05-26T09:30:00+01:00',
          method: 'PHONE',
          content: 'Told Victim A about the arrest.',
        },
      },
    );
    expect(delivered.recordVictimUpdateDelivered.deliveredOnTime).toBe(true);

    // What the victim was told: police, advocate and chair; nobody else.
    const log = `query($id: ID!) { case(id: $id) { victimUpdates { content } } }`;
    const chair = await s.gql('chair.nvp', log, { id: caseId });
    expect(chair.text).toContain('Told Victim A about the arrest.');
    for (const user of ['mh.nvh', 'probation.nvps', 'cps.nv', 'coord.nvc']) {
      const res = await s.gql(user, log, { id: caseId });
      expect(res.text).not.toContain('Told Victim A about the arrest.');
      expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });
});
