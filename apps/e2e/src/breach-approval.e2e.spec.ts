import { eventually } from '@scp/platform-testing';
import { startStack, type Stack } from './stack.js';

type Breach = {
  id: string;
  version: number;
  approvalStatus: string | null;
  approvalNote: string | null;
  resolved: boolean;
  crimeReference: string | null;
  reasonApprovedAt: string | null;
};
const BREACH = 'id version approvalStatus approvalNote resolved crimeReference reasonApprovedAt';

/**
 * Issue 14 item 3 through the gateway: a breach recorded without a crime reference names another
 * officer of the force as supervisor; that officer is told, sees it as a task, and approves or
 * rejects it with a reason. Until then the breach is pending and unresolved; a rejection asks the
 * recorder for a crime reference (docs/case-rules.md).
 */
describe('end to end: the supervisor decides a breach recorded without a crime reference', () => {
  let s: Stack;
  let approver: { id: string; username: string };
  const caseId = () => s.fixture.cases.NV2!;

  beforeAll(async () => {
    s = await startStack({ canaries: false });
    const res = await s.gql<{ breachApprovers: { id: string }[] }>(
      'spoc.nvp',
      `query($c: ID!) { breachApprovers(caseId: $c) { id } }`,
      { c: caseId() },
    );
    const id = res.body.data!.breachApprovers[0]!.id;
    const username = Object.entries(s.fixture.users as Record<string, string>).find(([, v]) => v === id)![0];
    approver = { id, username };
  }, 90_000);
  afterAll(async () => s?.close());

  const must = async <T>(user: string, query: string, variables: Record<string, unknown> = {}) => {
    const res = await s.gql<T>(user, query, variables);
    if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
    return res.body.data!;
  };
  const record = async () =>
    (
      await must<{ recordBreach: Breach }>(
        'spoc.nvp',
        `mutation($i: RecordBreachInput!) { recordBreach(input: $i) { ${BREACH} } }`,
        {
          i: {
            caseId: caseId(),
            occurredAt: '2026-11-20T13:00:00Z',
            type: 'CONTACT',
            crimeNotRecorded: {
              reason: 'Same contact as the one already recorded under the course of conduct.',
              approvedByUserId: approver.id,
            },
          },
        },
      )
    ).recordBreach;
  const pattern = async () =>
    (
      await must<{ case: { breaches: { unresolved: number; nodes: Breach[] } } }>(
        'coord.nvc',
        `query($c: ID!) { case(id: $c) { breaches { unresolved nodes { ${BREACH} } } } }`,
        { c: caseId() },
      )
    ).case.breaches;
  const decide = (user: string, b: { id: string; version: number }, decision: string, note?: string) =>
    s.gql<{ decideBreachApproval: Breach }>(
      user,
      `mutation($i: DecideBreachApprovalInput!) { decideBreachApproval(input: $i) { ${BREACH} } }`,
      { i: { breachId: b.id, expectedVersion: b.version, decision, note } },
    );
  const tasks = async (user: string) =>
    (
      await must<{ myBreachApprovals: { id: string; caseReference: string }[] }>(
        user,
        `{ myBreachApprovals { id caseReference } }`,
      )
    ).myBreachApprovals;
  const inbox = async (user: string, kind: string) =>
    (
      await must<{ myNotifications: { items: { kind: string; title: string; link: string }[] } }>(
        user,
        `{ myNotifications(first: 100) { items { kind title link } } }`,
      )
    ).myNotifications.items.filter((i) => i.kind === kind);

  it('pending until decided: the approver is told and sees a task; a rejection asks the recorder for a crime reference', async () => {
    const before = (await pattern()).unresolved;
    const b = await record();
    expect(b).toMatchObject({ approvalStatus: 'PENDING', resolved: false, reasonApprovedAt: null });
    expect((await pattern()).unresolved).toBe(before + 1);

    // The named officer: a neutral notification and a task on their home page.
    await eventually(
      async () => (await inbox(approver.username, 'BREACH_APPROVAL_REQUESTED')).length === 1,
      20_000,
    );
    expect(await inbox(approver.username, 'BREACH_APPROVAL_REQUESTED')).toEqual([
      {
        kind: 'BREACH_APPROVAL_REQUESTED',
        title: 'A breach needs your decision as supervisor',
        link: `/cases/${caseId()}`,
      },
    ]);
    expect((await tasks(approver.username)).map((t) => t.id)).toContain(b.id);
    expect(await tasks('spoc.nvp')).toEqual([]);

    // Only the named officer decides; a rejection needs a reason; nothing changes when refused.
    expect((await decide('spoc.nvp', b, 'APPROVE')).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await decide('advocate.nva', b, 'APPROVE')).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await decide('mh.nvh', b, 'APPROVE')).body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await decide(approver.username, b, 'REJECT')).body.errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'note',
    });
    expect(
      (
        await decide(
          approver.username,
          { ...b, version: b.version + 5 },
          'REJECT',
          'No: it is a new offence.',
        )
      ).body.errors?.[0]?.extensions?.code,
    ).toBe('CONFLICT');
    expect((await pattern()).nodes.find((n) => n.id === b.id)).toEqual(b);

    const rejected = await decide(
      approver.username,
      b,
      'REJECT',
      'A new contact is a new offence: record it.',
    );
    expect(rejected.body.data!.decideBreachApproval).toMatchObject({
      approvalStatus: 'REJECTED',
      approvalNote: 'A new contact is a new offence: record it.',
      resolved: false,
    });
    expect((await tasks(approver.username)).map((t) => t.id)).not.toContain(b.id);
    expect(
      (await decide(approver.username, rejected.body.data!.decideBreachApproval, 'APPROVE')).body.errors?.[0]
        ?.extensions,
    ).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'decision',
    });
    await eventually(async () => (await inbox('spoc.nvp', 'BREACH_REASON_REJECTED')).length === 1, 20_000);
    expect((await pattern()).unresolved).toBe(before + 1);

    // The recorder adds the crime reference: resolved.
    const recorded = await must<{ recordBreachCrimeReference: Breach }>(
      'spoc.nvp',
      `mutation($i: RecordBreachCrimeReferenceInput!) { recordBreachCrimeReference(input: $i) { ${BREACH} } }`,
      {
        i: {
          breachId: b.id,
          expectedVersion: rejected.body.data!.decideBreachApproval.version,
          crimeReference: 'NV/72001/26',
        },
      },
    );
    expect(recorded.recordBreachCrimeReference).toMatchObject({
      crimeReference: 'NV/72001/26',
      resolved: true,
    });
    expect((await pattern()).unresolved).toBe(before);
  });

  it('approved: the reason stands, the breach is resolved, and the recorder is not asked for anything', async () => {
    const before = (await pattern()).unresolved;
    const b = await record();
    await eventually(async () => (await tasks(approver.username)).some((t) => t.id === b.id), 20_000);
    const approved = await decide(approver.username, b, 'APPROVE');
    expect(approved.body.errors).toBeUndefined();
    expect(approved.body.data!.decideBreachApproval).toMatchObject({
      approvalStatus: 'APPROVED',
      resolved: true,
    });
    expect(approved.body.data!.decideBreachApproval.reasonApprovedAt).not.toBeNull();
    expect((await pattern()).unresolved).toBe(before);
    expect((await tasks(approver.username)).map((t) => t.id)).not.toContain(b.id);
  });
});
