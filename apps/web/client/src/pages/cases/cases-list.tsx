import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@apollo/client/react';
import { graphql } from '../../generated';
import { Button, Empty, Loading, Pager, Table, Tag, TextInput } from '../../components/govuk';
import { WidePage } from '../../components/page';
import { formatDate } from '../../lib/dates';
import { label } from '../../lib/labels';
import { abilities, useMe } from '../../lib/me';

const CASES = graphql(`
  query Cases($filter: CaseFilter, $after: String) {
    cases(filter: $filter, first: 20, after: $after) {
      edges {
        node {
          id
          reference
          status
          agreedRiskLevel
          nextReviewOn
          leadAgency {
            name
          }
          subject {
            familyName
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

/** Cases the user may see, searchable by reference or the subject's family name. */
export function CasesPage() {
  const me = useMe();
  const can = abilities(me);
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState('');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const term = search.trim();
  const filter = !term
    ? {}
    : /^[A-Z]{2,}[-\d]/i.test(term)
      ? { referenceStartsWith: term.toUpperCase() }
      : { subjectFamilyNameStartsWith: term };
  const { data, loading } = useQuery(CASES, { variables: { filter, after: cursors[cursors.length - 1] } });
  const edges = data?.cases.edges ?? [];
  return (
    <WidePage title={can.clinicStaff ? 'Cases' : 'My cases'}>
      <form
        role="search"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setCursors([null]);
          setSearch(query);
        }}
      >
        <TextInput
          id="search"
          label="Search by case reference or the subject’s family name"
          width="20"
          value={query}
          onChange={setQuery}
        />
        <Button secondary>Search</Button>
      </form>
      {loading && !data ? (
        <Loading what="cases" />
      ) : edges.length === 0 ? (
        <Empty>{term ? `No cases you can see match “${term}”.` : 'You have no cases.'}</Empty>
      ) : (
        <Table
          caption={term ? `Cases matching “${term}”` : 'Cases'}
          head={['Reference', 'Subject', 'Status', 'Agreed risk', 'Next review', 'Lead agency']}
          rows={edges.map(({ node: c }) => [
            <Link className="govuk-link" to={`/cases/${c.id}`} key={c.id}>
              {c.reference}
            </Link>,
            c.subject?.familyName ?? '',
            <Tag code={c.status} key="s" />,
            c.agreedRiskLevel ? <Tag code={c.agreedRiskLevel} key="r" /> : 'Not agreed yet',
            formatDate(c.nextReviewOn) || 'Not set',
            c.leadAgency?.name ?? label(''),
          ])}
        />
      )}
      <Pager
        hasPrevious={cursors.length > 1}
        hasNext={Boolean(data?.cases.pageInfo.hasNextPage)}
        onPrevious={() => setCursors((c) => c.slice(0, -1))}
        onNext={() => setCursors((c) => [...c, data?.cases.pageInfo.endCursor ?? null])}
      />
    </WidePage>
  );
}
