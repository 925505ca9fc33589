import { startCasesHarness, type CasesHarness } from './testing/cases-harness.js';

/**
 * Orders through the cases subgraph (domain.md scenarios 8 and 9; issue 4 item 5): the SPO rules
 * from configuration, the notification duty, and who sees the served text (D15) and the
 * protected detail (D16). Each test creates the orders it needs.
 */
interface OrderData {
  id: string;
  typeCode: string;
  status: string;
  servedOn: string | null;
  endedOn: string | null;
  notificationDueBy: string | null;
  notificationReceivedOn: string | null;
  notificationMissed: boolean;
  inForce: boolean;
  version: number;
  conditions: { id: string; position: number; servedText: string }[];
}

const ORDER_FIELDS = `id typeCode status servedOn endedOn notificationDueBy notificationReceivedOn notificationMissed inForce version
  conditions { id position servedText }`;
const RECORD = `mutation($input: RecordOrderInput!) { recordOrder(input: $input) { ${ORDER_FIELDS} } }`;

describe('orders and conditions (D15 / D16)', () => {
  let h: CasesHarness;
  beforeAll(async () => {
    h = await startCasesHarness({ canaries: true });
  });
  afterAll(async () => h?.close());

  const record = async (user: string, input: Record<string, unknown>) => {
    const res = await h.gql<{ recordOrder: OrderData }>(user, RECORD, { input });
    return res;
  };
  const recordOk = async (user: string, input: Record<string, unknown>) => {
    const res = await record(user, input);
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.recordOrder;
  };
  const events = async (orderId: string, type = 'order.notification-due') =>
    (await h.owner.query(`SELECT payload FROM cases.outbox WHERE type = $1 AND payload->>'orderId' = $2`, [
      type,
      orderId,
    ])) as { payload: Record<string, unknown> }[];

  it('lists the order types and their rules as configuration', async () => {
    const res = await h.gql<{ orderTypes: { code: string; minFixedMonths: number | null }[] }>(
      'mh.nvh',
      `{ orderTypes { code name isSpo isInterim minFixedMonths allowsUntilFurtherOrder requiresNotification notificationDays noNewNotificationWhenReplacing } }`,
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.orderTypes.map((t) => t.code)).toEqual([
      'SPO',
      'INTERIM_SPO',
      'RESTRAINING_ORDER_S5',
      'RESTRAINING_ORDER_S5A',
      'NON_MOLESTATION',
      'DAPN',
      'DAPO',
      'BAIL_CONDITIONS',
      'LICENCE_CONDITIONS',
    ]);
    expect(res.body.data!.orderTypes[0]).toMatchObject({ code: 'SPO', minFixedMonths: 24 });
  });

  it('scenario 8: an interim SPO served on a Monday is due Wednesday; served text for all partners, protected address for police and advocate only', async () => {
    const protectedAddress = 'Scenario Eight Close, Sampletown ZZ1 8SE';
    const order = await recordOk('spoc.nvp', {
      caseId: h.fixture.cases.NV1,
      typeCode: 'INTERIM_SPO',
      status: 'IN_FORCE',
      appliedOn: '2026-11-16',
      grantedOn: '2026-11-20',
      servedOn: '2026-11-23', // a Monday
      fixedEndOn: '2027-01-15',
      conditions: [
        { servedText: 'Not to contact Victim A directly or indirectly.' },
        {
          servedText: 'Not to go to the road where Victim A lives.',
          protectedKind: 'ADDRESS',
          protectedDetail: protectedAddress,
        },
      ],
    });
    expect(order).toMatchObject({ status: 'IN_FORCE', inForce: true, notificationDueBy: '2026-11-25' });
    // The due day has passed (today is later) and nothing was received: missed, derived.
    expect(order.notificationMissed).toBe(true);
    const [due] = await events(order.id);
    expect(due!.payload).toEqual({
      orderId: order.id,
      dueOn: '2026-11-25',
      caseId: h.fixture.cases.NV1,
      clinicId: h.fixture.clinics.NV,
    });

    const query = `query($id: ID!) { case(id: $id) { orders { id servedOn notificationDueBy conditions { servedText protectedDetail(reason: ORDER_ENFORCEMENT, purpose: "Scenario 8 check") { kind detail } } } } }`;
    type Q = {
      case: {
        orders:
          | {
              id: string;
              conditions: { servedText: string; protectedDetail: { kind: string; detail: string } | null }[];
            }[]
          | null;
      };
    };
    const expectations: [string, boolean][] = [
      ['spoc.nvp', true],
      ['advocate.nva', true],
      ['chair.nvp', true], // a police officer who chairs: through the police role
      ['coord.nvc', false],
      ['mh.nvh', false],
      ['probation.nvps', false],
      ['cps.nv', false],
    ];
    for (const [user, seesProtected] of expectations) {
      const res = await h.gql<Q>(user, query, { id: h.fixture.cases.NV1 });
      const mine = res.body.data!.case.orders!.find((o) => o.id === order.id)!;
      expect(mine.conditions.map((c) => c.servedText)).toEqual([
        'Not to contact Victim A directly or indirectly.',
        'Not to go to the road where Victim A lives.',
      ]);
      if (seesProtected) {
        expect(res.body.errors).toBeUndefined();
        expect(mine.conditions[1]!.protectedDetail).toEqual({ kind: 'ADDRESS', detail: protectedAddress });
        expect(mine.conditions[0]!.protectedDetail).toBeNull();
      } else {
        expect(mine.conditions.every((c) => c.protectedDetail === null)).toBe(true);
        const codes = new Set(res.body.errors!.map((e) => e.extensions?.code));
        expect([...codes]).toEqual(['FORBIDDEN']);
        expect(res.text).not.toContain('Scenario Eight Close');
      }
    }
    // The detail is read with its purpose in the audit log.
    const advocate = await h.actor('advocate.nva');
    const [audited] = await h.owner.query(
      `SELECT purpose FROM audit.events WHERE actor_id = $1 AND action = 'VIEW' AND 'D16' = ANY(categories) ORDER BY seq DESC LIMIT 1`,
      [advocate.userId],
    );
    expect(audited.purpose).toContain('Scenario 8 check');

    // The notification received (police): no longer missed.
    const notified = await h.gql<{ recordOrderNotification: OrderData }>(
      'spoc.nvp',
      `mutation($input: RecordOrderNotificationInput!) { recordOrderNotification(input: $input) { ${ORDER_FIELDS} } }`,
      { input: { orderId: order.id, expectedVersion: order.version, receivedOn: '2026-11-24' } },
    );
    expect(notified.body.errors).toBeUndefined();
    expect(notified.body.data!.recordOrderNotification).toMatchObject({
      notificationReceivedOn: '2026-11-24',
      notificationMissed: false,
    });
  });

  it('a protected detail read without a purpose is refused and returns nothing of it', async () => {
    const res = await h.gql(
      'spoc.nvp',
      `query($id: ID!) { case(id: $id) { orders { conditions { protectedDetail(reason: ORDER_ENFORCEMENT, purpose: " ") { detail } } } } }`,
      { id: h.fixture.cases.NV1 },
    );
    expect(res.body.errors?.map((e) => e.extensions?.code)).toContain('BAD_USER_INPUT');
    for (const canary of h.fixture.canaries.D16) expect(res.text).not.toContain(canary);
  });

  it('scenario 9: the full SPO (3 years) replaces the interim one with no new notification duty; 18 months is rejected', async () => {
    const interim = await recordOk('spoc.nvp', {
      caseId: h.fixture.cases.NV1,
      typeCode: 'INTERIM_SPO',
      status: 'IN_FORCE',
      grantedOn: '2026-10-02',
      servedOn: '2026-10-05',
      untilFurtherOrder: true,
      conditions: [{ servedText: 'Not to contact Victim A.' }],
    });
    expect(interim.notificationDueBy).toBe('2026-10-07');

    const eighteenMonths = await record('spoc.nvp', {
      caseId: h.fixture.cases.NV1,
      typeCode: 'SPO',
      status: 'IN_FORCE',
      grantedOn: '2026-11-26',
      servedOn: '2026-11-26',
      fixedEndOn: '2028-05-26',
      replacesOrderId: interim.id,
    });
    expect(eighteenMonths.body.errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'fixedEndOn',
    });
    expect(eighteenMonths.body.data ?? null).toBeNull();

    const full = await recordOk('spoc.nvp', {
      caseId: h.fixture.cases.NV1,
      typeCode: 'SPO',
      status: 'IN_FORCE',
      appliedOn: '2026-10-01',
      grantedOn: '2026-11-26',
      servedOn: '2026-11-26',
      fixedEndOn: '2029-11-26',
      replacesOrderId: interim.id,
      conditions: [{ servedText: 'Not to contact Victim A directly or indirectly.' }],
    });
    expect(full).toMatchObject({ typeCode: 'SPO', notificationDueBy: null, notificationMissed: false });
    expect(await events(full.id)).toEqual([]);
    const [ended] = await h.owner.query(
      `SELECT status, to_char(ended_on, 'YYYY-MM-DD') AS ended FROM cases.orders WHERE id = $1`,
      [interim.id],
    );
    expect(ended).toEqual({ status: 'EXPIRED', ended: '2026-11-26' });

    // An order is replaced once; and a full SPO made on its own does carry a duty (Friday → Sunday).
    const again = await record('spoc.nvp', {
      caseId: h.fixture.cases.NV1,
      typeCode: 'SPO',
      status: 'IN_FORCE',
      grantedOn: '2026-11-27',
      untilFurtherOrder: true,
      replacesOrderId: interim.id,
    });
    expect(again.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT'); // no longer in force
    const standalone = await recordOk('spoc.nvp', {
      caseId: h.fixture.cases.NV2,
      typeCode: 'SPO',
      status: 'IN_FORCE',
      grantedOn: '2026-11-27',
      servedOn: '2026-11-27', // a Friday
      untilFurtherOrder: true,
    });
    expect(standalone.notificationDueBy).toBe('2026-11-29');
  });

  it('an application for the full SPO leaves the interim in force until it is made', async () => {
    const interim = await recordOk('spoc.nvp', {
      caseId: h.fixture.cases.NV2,
      typeCode: 'INTERIM_SPO',
      status: 'IN_FORCE',
      grantedOn: '2026-11-02',
      servedOn: '2026-11-02',
      untilFurtherOrder: true,
    });
    const applied = await recordOk('spoc.nvp', {
      caseId: h.fixture.cases.NV2,
      typeCode: 'SPO',
      status: 'APPLIED',
      appliedOn: '2026-11-03',
      replacesOrderId: interim.id,
    });
    const [before] = await h.owner.query(`SELECT status FROM cases.orders WHERE id = $1`, [interim.id]);
    expect(before.status).toBe('IN_FORCE');
    const update = `mutation($input: UpdateOrderInput!) { updateOrder(input: $input) { ${ORDER_FIELDS} } }`;
    const eighteen = await h.gql('spoc.nvp', update, {
      input: {
        id: applied.id,
        expectedVersion: applied.version,
        status: 'IN_FORCE',
        grantedOn: '2026-11-30',
        servedOn: '2026-11-30',
        fixedEndOn: '2028-05-30',
      },
    });
    expect(eighteen.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'fixedEndOn' });
    const made = await h.gql<{ updateOrder: OrderData }>('spoc.nvp', update, {
      input: {
        id: applied.id,
        expectedVersion: applied.version,
        status: 'IN_FORCE',
        grantedOn: '2026-11-30',
        servedOn: '2026-11-30',
        untilFurtherOrder: true,
      },
    });
    expect(made.body.errors).toBeUndefined();
    expect(made.body.data!.updateOrder).toMatchObject({ status: 'IN_FORCE', notificationDueBy: null });
    const [after] = await h.owner.query(
      `SELECT status, to_char(ended_on, 'YYYY-MM-DD') AS ended FROM cases.orders WHERE id = $1`,
      [interim.id],
    );
    expect(after).toEqual({ status: 'EXPIRED', ended: '2026-11-30' });
    // A stale version is a conflict.
    const stale = await h.gql('spoc.nvp', update, {
      input: { id: applied.id, expectedVersion: applied.version, servedOn: '2026-12-01' },
    });
    expect(stale.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('service recorded later creates the duty then (and the outbox event)', async () => {
    const granted = await recordOk('spoc.nvp', {
      caseId: h.fixture.cases.NV2,
      typeCode: 'INTERIM_SPO',
      status: 'GRANTED',
      grantedOn: '2026-11-24',
      fixedEndOn: '2027-02-01',
    });
    expect(granted.notificationDueBy).toBeNull();
    const served = await h.gql<{ updateOrder: OrderData }>(
      'spoc.nvp',
      `mutation($input: UpdateOrderInput!) { updateOrder(input: $input) { ${ORDER_FIELDS} } }`,
      {
        input: {
          id: granted.id,
          expectedVersion: granted.version,
          status: 'IN_FORCE',
          servedOn: '2026-11-27',
        },
      },
    );
    expect(served.body.errors).toBeUndefined();
    expect(served.body.data!.updateOrder.notificationDueBy).toBe('2026-11-29');
    expect((await events(granted.id)).map((e) => e.payload.dueOn)).toEqual(['2026-11-29']);
  });

  it('rules and inputs: types, dates and period are checked with the field named', async () => {
    const base = { caseId: h.fixture.cases.NV2, status: 'IN_FORCE', grantedOn: '2026-11-02' };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, typeCode: 'NO_SUCH_TYPE', untilFurtherOrder: true }, 'typeCode'],
      [{ ...base, typeCode: 'SPO' }, 'fixedEndOn'], // neither fixed period nor until further order
      [{ ...base, typeCode: 'DAPN', untilFurtherOrder: true }, 'untilFurtherOrder'],
      [{ ...base, typeCode: 'SPO', untilFurtherOrder: true, servedOn: '2026-11-01' }, 'servedOn'],
      [{ ...base, typeCode: 'INTERIM_SPO', grantedOn: undefined, untilFurtherOrder: true }, 'grantedOn'],
      [
        {
          ...base,
          typeCode: 'INTERIM_SPO',
          untilFurtherOrder: true,
          conditions: [{ servedText: 'Stay away', protectedKind: 'ADDRESS' }],
        },
        'conditions.0.protectedDetail',
      ],
    ];
    for (const [input, field] of cases) {
      const res = await record('spoc.nvp', input);
      expect(res.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    }
  });

  it("served text is refused when it carries the victim's location (every partner reads it)", async () => {
    const res = await record('spoc.nvp', {
      caseId: h.fixture.cases.NV1,
      typeCode: 'RESTRAINING_ORDER_S5',
      status: 'IN_FORCE',
      grantedOn: '2026-11-02',
      untilFurtherOrder: true,
      conditions: [{ servedText: 'Not to go within 100 metres of ZZ1 1VA.' }],
    });
    expect(res.body.errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'conditions.0.servedText',
    });
    expect(res.text).not.toContain('ZZ1 1VA');
  });

  it('only police write orders: every other role is refused whole; other clinics see nothing', async () => {
    const input = {
      caseId: h.fixture.cases.NV1,
      typeCode: 'BAIL_CONDITIONS',
      status: 'IN_FORCE',
      grantedOn: '2026-11-02',
      untilFurtherOrder: true,
      conditions: [{ servedText: 'Report to the station weekly.' }],
    };
    for (const user of ['advocate.nva', 'mh.nvh', 'probation.nvps', 'coord.nvc', 'cps.nv'])
      expect((await record(user, input)).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    for (const user of ['spoc.sfc', 'chair.sfh', 'auditor.nvp', 'admin.nvc'])
      expect((await record(user, input)).body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // An advocate may read D16 but not write it.
    const withDetail = {
      ...input,
      conditions: [{ servedText: 'Stay away.', protectedKind: 'WORKPLACE', protectedDetail: 'Somewhere' }],
    };
    expect((await record('advocate.nva', withDetail)).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const count = await h.owner.query(
      `SELECT count(*)::int AS n FROM cases.orders WHERE order_type_code = 'BAIL_CONDITIONS'`,
    );
    expect(count[0].n).toBe(0);
  });

  it('conditions can be added on variation, numbered in order', async () => {
    const order = await recordOk('spoc.nvp', {
      caseId: h.fixture.cases.NV2,
      typeCode: 'RESTRAINING_ORDER_S5',
      status: 'IN_FORCE',
      grantedOn: '2026-11-02',
      untilFurtherOrder: true,
      conditions: [{ servedText: 'Not to contact Victim A.' }],
    });
    const res = await h.gql<{ addOrderCondition: OrderData }>(
      'spoc.nvp',
      `mutation($input: AddOrderConditionInput!) { addOrderCondition(input: $input) { ${ORDER_FIELDS} } }`,
      {
        input: {
          orderId: order.id,
          expectedVersion: order.version,
          servedText: 'Not to enter the town centre.',
          protectedKind: 'EXCLUSION_ZONE',
          protectedDetail: 'Town centre inside the ring road',
        },
      },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.addOrderCondition.conditions.map((c) => [c.position, c.servedText])).toEqual([
      [1, 'Not to contact Victim A.'],
      [2, 'Not to enter the town centre.'],
    ]);
  });
});
