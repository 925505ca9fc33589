import { randomUUID } from 'node:crypto';
import { EVENT_TYPES, type EventEnvelope, type EventType } from '@scp/contracts';
import { applyMeetingEvent } from '@scp/cases';
import { startCasesHarness, type CasesHarness } from './testing/cases-harness.js';

const envelope = (type: EventType, payload: Record<string, unknown>, occurredAt: string): EventEnvelope => ({
  id: randomUUID(),
  type,
  aggregateType: 'AgreedAction',
  aggregateId: randomUUID(),
  actorId: null,
  correlationId: null,
  occurredAt,
  payload,
});

describe('meeting events consumed by the cases service', () => {
  let h: CasesHarness;
  beforeAll(async () => {
    h = await startCasesHarness({ canaries: false });
  });
  afterAll(async () => h?.close());

  it('action.status-changed keeps the open-actions replica at the newest state, in any order', async () => {
    const caseId = h.fixture.cases.NV1!;
    const actionId = randomUUID();
    const open = envelope(
      EVENT_TYPES.actionStatusChanged,
      { actionId, caseId, status: 'OPEN' },
      '2027-01-01T10:00:00Z',
    );
    const done = envelope(
      EVENT_TYPES.actionStatusChanged,
      { actionId, caseId, status: 'COMPLETED' },
      '2027-01-02T10:00:00Z',
    );
    await applyMeetingEvent(h.owner, done);
    await applyMeetingEvent(h.owner, open);
    await applyMeetingEvent(h.owner, done);
    const rows: { status: string }[] = await h.owner.query(
      `SELECT status FROM cases.open_actions WHERE action_id = $1`,
      [actionId],
    );
    expect(rows).toEqual([{ status: 'COMPLETED' }]);
    await expect(
      applyMeetingEvent(
        h.owner,
        envelope(
          EVENT_TYPES.actionStatusChanged,
          { actionId, caseId, status: 'DONE' },
          '2027-01-03T00:00:00Z',
        ),
      ),
    ).rejects.toThrow(/status/);
  });

  it('case.next-review-set sets the case’s next review date', async () => {
    const caseId = h.fixture.cases.NV1!;
    await applyMeetingEvent(
      h.owner,
      envelope(
        EVENT_TYPES.nextReviewSet,
        { caseId, meetingId: randomUUID(), nextReviewOn: '2027-02-23' },
        '2027-01-05T10:00:00Z',
      ),
    );
    const rows: { d: string }[] = await h.owner.query(
      `SELECT to_char(next_review_on, 'YYYY-MM-DD') AS d FROM cases.cases WHERE id = $1`,
      [caseId],
    );
    expect(rows).toEqual([{ d: '2027-02-23' }]);
  });
});
