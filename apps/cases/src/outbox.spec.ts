import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUES } from '@scp/contracts';
import { eventually, testRedisUrl, uniquePrefix } from '@scp/platform-testing';
import { startCasesHarness, type CasesHarness } from './testing/cases-harness.js';

describe('case changes reach BullMQ through the outbox', () => {
  let h: CasesHarness;
  let redis: Redis;
  let queue: Queue;
  const prefix = uniquePrefix('cases-outbox');
  beforeAll(async () => {
    h = await startCasesHarness({ redisUrl: testRedisUrl(), queuePrefix: prefix });
    redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
    queue = new Queue(QUEUES.caseEventsForMeetings, { connection: redis, prefix });
  });
  afterAll(async () => {
    await queue?.close();
    redis?.disconnect();
    await h?.close();
  });

  it('participation ended: one job, id = outbox event id, payload of ids only', async () => {
    const res = await h.gql(
      'chair.nvp',
      `mutation($c: ID!, $a: ID!) { endParticipation(input: { caseId: $c, agencyId: $a, reason: "Licence ended" }) { id } }`,
      { c: h.fixture.cases.NV1, a: h.fixture.agencies.NVPS },
    );
    expect(res.body.errors).toBeUndefined();
    const [row] = await h.owner.query(`SELECT id FROM cases.outbox WHERE type = 'case.participation-ended'`);
    const job = (await eventually(() => queue.getJob(row.id)))!;
    expect(job.data).toMatchObject({
      id: row.id,
      type: 'case.participation-ended',
      payload: {
        caseId: h.fixture.cases.NV1,
        agencyId: h.fixture.agencies.NVPS,
        clinicId: h.fixture.clinics.NV,
      },
    });
    expect(JSON.stringify(job.data)).not.toMatch(/Licence ended/);
    await eventually(
      async () =>
        (await h.owner.query(`SELECT status FROM cases.outbox WHERE id = $1`, [row.id]))[0].status ===
        'enqueued',
    );
  });
});
