import type { EntityManager } from 'typeorm';
import { BreachEntity } from '../breaches/breaches.entities.js';
import { OrderConditionEntity, OrderEntity } from '../orders/orders.entities.js';
import { CriminalJusticeEventEntity, VictimUpdateEntity } from '../victim-updates/victim-updates.entities.js';
import { endOfNthWorkingDayAfter } from '@scp/platform-calendar';
import type { DemoFixture, SeedOptions } from './demo-seed.js';
import { insertOne } from '../shared/typed-query.js';

/**
 * Fictional orders, breaches and victim updates for the demo cases (domain.md scenarios 8–10):
 * NV1 has an interim SPO served on Monday 30 November 2026 (notification due Wednesday
 * 2 December, received 1 December) with three conditions, two of them protecting a place (D16),
 * an online breach recorded with a crime reference, and a bail decision the advocate told the
 * victim about (D22). SF1 has a full SPO until further order protecting an address, and an arrest
 * whose victim update is overdue.
 *
 * With `canaries`, every D16 value (protected detail) and every D22 value (what the victim was
 * told) carries a marker naming its category and case (`CANARY-D16-NV1-…`).
 */

export async function seedOrdersAndUpdates(
  m: EntityManager,
  fixture: DemoFixture,
  opts: SeedOptions,
): Promise<void> {
  const tag = (value: string, category: 'D16' | 'D22', caseKey: string) => {
    if (!opts.canaries) return value;
    const marked = `${value} CANARY-${category}-${caseKey}-${value.replace(/\W+/g, '').slice(0, 24)}`;
    fixture.canaries[category].push(marked);
    return marked;
  };
  const user = (name: string) => fixture.users[name]!;
  const agency = (code: string) => fixture.agencies[code]!;

  const order = (
    caseKey: string,
    by: [agency: string, user: string],
    o: {
      type: string;
      status: string;
      appliedOn: string;
      grantedOn: string;
      servedOn: string;
      fixedEndOn: string | null;
      untilFurtherOrder: boolean;
      dueOn: string;
      receivedOn: string | null;
    },
  ) =>
    insertOne(m, OrderEntity, {
      caseId: fixture.cases[caseKey]!,
      orderTypeCode: o.type,
      status: o.status,
      appliedOn: o.appliedOn,
      grantedOn: o.grantedOn,
      servedOn: o.servedOn,
      fixedEndOn: o.fixedEndOn,
      untilFurtherOrder: o.untilFurtherOrder,
      notificationDueOn: o.dueOn,
      notificationReceivedOn: o.receivedOn,
      createdByAgencyId: agency(by[0]),
      createdByUserId: user(by[1]),
    });
  const condition = (
    caseKey: string,
    orderId: string,
    by: [string, string],
    position: number,
    servedText: string,
    protectedDetail?: [kind: string, detail: string],
  ) =>
    insertOne(m, OrderConditionEntity, {
      orderId,
      caseId: fixture.cases[caseKey]!,
      position,
      servedText,
      protectedKind: protectedDetail?.[0] ?? null,
      protectedDetail: protectedDetail ? tag(protectedDetail[1], 'D16', caseKey) : null,
      createdByAgencyId: agency(by[0]),
      createdByUserId: user(by[1]),
    });
  const cjEvent = (
    caseKey: string,
    by: [string, string],
    type: string,
    at: string,
    breachId: string | null,
  ) =>
    insertOne(m, CriminalJusticeEventEntity, {
      caseId: fixture.cases[caseKey]!,
      breachId,
      type,
      occurredAt: new Date(at),
      recordedByAgencyId: agency(by[0]),
      recordedByUserId: user(by[1]),
    });
  const victimUpdate = async (
    caseKey: string,
    eventId: string,
    type: string,
    at: string,
    delivered?: { at: string; by: [string, string]; method: string; content: string },
  ) => {
    const dueBy = endOfNthWorkingDayAfter(at, 1);
    await m.insert(VictimUpdateEntity, {
      caseId: fixture.cases[caseKey]!,
      personId: fixture.persons[`${caseKey}.victim`]!,
      triggerEventId: eventId,
      triggerType: type,
      eventAt: new Date(at),
      entitlement: 'ENHANCED',
      workingDays: 1,
      dueBy,
      deliveredAt: delivered ? new Date(delivered.at) : null,
      deliveredByUserId: delivered ? user(delivered.by[1]) : null,
      deliveredByAgencyId: delivered ? agency(delivered.by[0]) : null,
      deliveryMethod: delivered?.method ?? null,
      content: delivered ? tag(delivered.content, 'D22', caseKey) : null,
    });
  };

  // NV1: scenario 8's interim SPO, a breach, and a delivered victim update.
  const nvPolice: [string, string] = ['NVP', 'spoc.nvp'];
  const interim = await order('NV1', nvPolice, {
    type: 'INTERIM_SPO',
    status: 'IN_FORCE',
    appliedOn: '2026-11-20',
    grantedOn: '2026-11-27',
    servedOn: '2026-11-30',
    fixedEndOn: '2027-01-29',
    untilFurtherOrder: false,
    dueOn: '2026-12-02',
    receivedOn: '2026-12-01',
  });
  await condition(
    'NV1',
    interim,
    nvPolice,
    1,
    'Not to contact Victim A directly or indirectly, including through social media or other people.',
  );
  const zone = await condition(
    'NV1',
    interim,
    nvPolice,
    2,
    'Not to enter the exclusion zone shown on the map served with this order.',
    ['EXCLUSION_ZONE', 'Streets within 200 metres of Victim A home, Sampletown ZZ1'],
  );
  await condition('NV1', interim, nvPolice, 3, "Not to attend Victim A's place of work.", [
    'WORKPLACE',
    'Demotown Central Library, Placeholder Street',
  ]);
  await m.insert(BreachEntity, {
    caseId: fixture.cases.NV1!,
    occurredAt: new Date('2026-11-30T21:10:00Z'),
    type: 'ONLINE',
    orderId: interim,
    conditionId: zone,
    crimeReference: 'NV/40012/26',
    courseOfConductReference: 'NV/38001/26',
    description: 'Posted about Victim A on a new social media account the evening the order was served.',
    recordedByAgencyId: agency('NVP'),
    recordedByUserId: user('spoc.nvp'),
  });
  const bail = await cjEvent('NV1', nvPolice, 'BAILED', '2026-11-20T15:00:00Z', null);
  await victimUpdate('NV1', bail, 'BAILED', '2026-11-20T15:00:00Z', {
    at: '2026-11-20T17:30:00Z',
    by: ['NVA', 'advocate.nva'],
    method: 'PHONE',
    content: 'Told Victim A the subject was bailed with conditions not to contact her or enter the zone.',
  });

  // SF1: a full SPO until further order, and an arrest the victim has not yet been told about.
  const sfPolice: [string, string] = ['SFC', 'spoc.sfc'];
  const spo = await order('SF1', sfPolice, {
    type: 'SPO',
    status: 'IN_FORCE',
    appliedOn: '2026-09-14',
    grantedOn: '2026-10-05',
    servedOn: '2026-10-06',
    fixedEndOn: null,
    untilFurtherOrder: true,
    dueOn: '2026-10-08',
    receivedOn: '2026-10-07',
  });
  await condition('SF1', spo, sfPolice, 1, 'Not to go to the road where Victim A lives.', [
    'ADDRESS',
    'Pretend Close, Fenfield ZZ4',
  ]);
  const arrest = await cjEvent('SF1', sfPolice, 'ARREST', '2026-11-27T10:00:00Z', null);
  await victimUpdate('SF1', arrest, 'ARREST', '2026-11-27T10:00:00Z');
}
