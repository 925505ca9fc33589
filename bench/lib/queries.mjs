// The operations the bench sends. Same text to the gateway and to the subgraph.
import { createHash } from 'node:crypto';

/** (i) case detail: 16 fields including the subject and the victims. */
export const CASE_DETAIL = `query BenchCaseDetail($id: ID!) {
  case(id: $id) {
    id reference status tier cjStatus agreedRiskLevel nextReviewOn closedAt version createdAt updatedAt
    subject { id givenName familyName dateOfBirth proximityConcern }
    victims { id alias relationshipToSubject ageBand }
  }
}`;

/** (i) the performance.md i-1 shape: a 50-row page with 12 header fields. */
export const CASE_PAGE_12 = `query BenchCasePage12($first: Int) {
  cases(first: $first) {
    edges { cursor node { id reference status tier cjStatus agreedRiskLevel nextReviewOn closedAt version createdAt updatedAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** (ii)/(iii) a page with 24 fields per row, people included: row rules and field rules both apply. */
export const CASE_LIST_AUTHZ = `query BenchCaseListAuthz($first: Int) {
  cases(first: $first) {
    edges {
      cursor
      node {
        id reference status tier cjStatus agreedRiskLevel nextReviewOn version createdAt updatedAt
        subject { id givenName familyName dateOfBirth proximityConcern }
        victims { id alias relationshipToSubject ageBand givenName familyName dateOfBirth }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** (iv) the largest agency's open cases, newest first, page 1 or after a cursor. */
export const OPEN_CASES = `query BenchOpenCases($after: String, $filter: CaseFilter) {
  cases(first: 50, after: $after, filter: $filter) {
    edges { cursor node { id reference status tier cjStatus agreedRiskLevel nextReviewOn version updatedAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** The same detail operation under another name: a new document for every cache on the way. */
export const renamedDetail = (suffix) => CASE_DETAIL.replace('BenchCaseDetail', `BenchCaseDetail_${suffix}`);

export const idsOf = (connection) => connection.edges.map((e) => e.node.id);

/** Order-independent hash of a set of ids (performance.md: "a hash of sorted IDs"). */
export function idHash(ids) {
  return createHash('sha256')
    .update([...ids].sort().join(','))
    .digest('hex')
    .slice(0, 16);
}

export function countCodes(errors, code) {
  return (errors ?? []).filter((e) => e.extensions?.code === code).length;
}
