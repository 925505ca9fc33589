import { startCasesHarness, type CasesHarness } from './testing/cases-harness.js';

/** The home page's "case reviews due within a week" count, exactly as the web client asks it. */
const REVIEWS_DUE = `query($before: String!) {
  n: casesCount(filter: { status: [LISTED, ACTIVE, MONITORING, CONSULTATION, ESCALATED], nextReviewBefore: $before })
  list: cases(first: 100, filter: { status: [LISTED, ACTIVE, MONITORING, CONSULTATION, ESCALATED], nextReviewBefore: $before }) { edges { node { id } } }
}`;

/** Roles of both clinics, and roles with no case access at all. */
const USERS = ['coord.nvc', 'chair.nvp', 'mh.nvh', 'probation.nvps', 'chair.sfh', 'coord.sfc', 'admin.nvc'];

describe('home counts: a role counts only the cases it may read (a count is a side channel)', () => {
  let h: CasesHarness;
  const before = '2099-01-01';
  beforeAll(async () => {
    h = await startCasesHarness({ canaries: false });
    // Every seeded case has a review due, so each count is the whole of what the role may read.
    await h.owner.query(`UPDATE cases.cases SET next_review_on = current_date + 3, status = 'ACTIVE'`);
  });
  afterAll(async () => h?.close());

  const reviewsDue = async (user: string) => {
    const res = await h.gql<{ n: number; list: { edges: { node: { id: string } }[] } }>(user, REVIEWS_DUE, {
      before,
    });
    return res;
  };

  for (const user of USERS)
    it(`${user}: the count is the number of cases the same filter lists`, async () => {
      const res = await reviewsDue(user);
      if (user === 'admin.nvc') {
        // No case access: refused or zero, never the clinic's number.
        expect(res.body.data?.n ?? 0).toBe(0);
        return;
      }
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data!.n).toBe(res.body.data!.list.edges.length);
    });

  it('a case of the other clinic never moves the count; one of the own clinic does', async () => {
    const nv = (await reviewsDue('coord.nvc')).body.data!.n;
    const sf = (await reviewsDue('coord.sfc')).body.data!.n;
    expect(nv).toBeGreaterThan(0);
    expect(sf).toBeGreaterThan(0);
    // Take the South Fen cases' reviews out of the window: the North Vale count stays the same.
    await h.owner.query(`UPDATE cases.cases SET next_review_on = NULL WHERE id = $1`, [h.fixture.cases.SF1]);
    expect((await reviewsDue('coord.nvc')).body.data!.n).toBe(nv);
    expect((await reviewsDue('coord.sfc')).body.data!.n).toBe(sf - 1);
    // A North Vale case out of the window moves only North Vale's count.
    await h.owner.query(`UPDATE cases.cases SET next_review_on = NULL WHERE id = $1`, [h.fixture.cases.NV1]);
    expect((await reviewsDue('coord.nvc')).body.data!.n).toBe(nv - 1);
    expect((await reviewsDue('coord.sfc')).body.data!.n).toBe(sf - 1);
  });

  it('a partner agency counts only the cases it takes part in, fewer than the clinic', async () => {
    const clinic = (await reviewsDue('coord.nvc')).body.data!.n;
    const probation = (await reviewsDue('probation.nvps')).body.data!.n;
    expect(probation).toBeLessThan(clinic);
  });
});
