import { useState } from 'react';
import { useParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { graphql } from '../../../generated';
import { abilities, useMe } from '../../../lib/me';
import {
  createOrUpdate,
  NO_LOCATION,
  PartnerPage,
  RecordForm,
  refusedFields,
  type RecordField,
} from './record-form';

const POLICE_RECORDS = graphql(`
  query PoliceRecords($id: ID!) {
    case(id: $id) {
      id
      reference
      policeSummary {
        id
        version
        relevantHistory
        investigationStatus
        bailConditions
        arrests
      }
      policeIntelligence {
        id
        version
        intelligence
        offendingHistory
      }
    }
  }
`);
const CREATE_SUMMARY = graphql(`
  mutation CreatePoliceSummary($input: CreatePoliceSummaryInput!) {
    createPoliceSummary(input: $input) {
      id
      version
    }
  }
`);
const UPDATE_SUMMARY = graphql(`
  mutation UpdatePoliceSummary($input: UpdatePoliceSummaryInput!) {
    updatePoliceSummary(input: $input) {
      id
      version
    }
  }
`);
const CREATE_INTELLIGENCE = graphql(`
  mutation CreatePoliceIntelligence($input: CreatePoliceIntelligenceInput!) {
    createPoliceIntelligence(input: $input) {
      id
      version
    }
  }
`);
const UPDATE_INTELLIGENCE = graphql(`
  mutation UpdatePoliceIntelligence($input: UpdatePoliceIntelligenceInput!) {
    updatePoliceIntelligence(input: $input) {
      id
      version
    }
  }
`);

const SUMMARY_FIELDS: RecordField[] = [
  { key: 'relevantHistory', label: 'Relevant history', hint: NO_LOCATION },
  { key: 'investigationStatus', label: 'Investigation status' },
  { key: 'bailConditions', label: 'Bail conditions' },
  { key: 'arrests', label: 'Arrests' },
];
const INTELLIGENCE_FIELDS: RecordField[] = [
  { key: 'intelligence', label: 'Intelligence', hint: 'Only police read this' },
  { key: 'offendingHistory', label: 'Full offending history' },
];

/**
 * The police's records of a case: the shared summary every partner reads (D5) and the
 * intelligence only police read (D4), each created once and then edited with its version.
 */
export function PoliceRecordsPage() {
  const { id = '' } = useParams();
  const can = abilities(useMe());
  const { data, loading, error, refetch } = useQuery(POLICE_RECORDS, {
    variables: { id },
    // Another role is not asked for records it may not read (each refusal is an audited denial).
    skip: !can.police,
  });
  const [createSummary] = useMutation(CREATE_SUMMARY);
  const [updateSummary] = useMutation(UPDATE_SUMMARY);
  const [createIntel] = useMutation(CREATE_INTELLIGENCE);
  const [updateIntel] = useMutation(UPDATE_INTELLIGENCE);
  const [flash, setFlash] = useState<string | null>(null);
  const refused = refusedFields(error);
  const saved = async (message: string | null) => {
    // The confirmation once the saved version is back on the page.
    await refetch();
    setFlash(message);
  };
  const c = data?.case;
  return (
    <PartnerPage
      caseId={id}
      title="Police summary and intelligence"
      reference={c?.reference}
      loading={loading && !data}
      flash={flash}
      allowed={can.police && !!c}
      notAllowed="Only police officers on the case write its police summary and intelligence."
    >
      {!refused.has('policeSummary') && (
        <RecordForm
          id="summary"
          title="Police summary"
          intro={<p className="govuk-body">Every agency on the case reads the summary.</p>}
          fields={SUMMARY_FIELDS}
          record={c?.policeSummary}
          saved={saved}
          save={createOrUpdate(
            id,
            (key, values) => createSummary({ variables: { input: { ...key, ...values } } }),
            (key, values) => updateSummary({ variables: { input: { ...key, ...values } } }),
          )}
        />
      )}
      {!refused.has('policeIntelligence') && (
        <RecordForm
          id="intelligence"
          title="Police intelligence"
          fields={INTELLIGENCE_FIELDS}
          record={c?.policeIntelligence}
          saved={saved}
          save={createOrUpdate(
            id,
            (key, values) => createIntel({ variables: { input: { ...key, ...values } } }),
            (key, values) => updateIntel({ variables: { input: { ...key, ...values } } }),
          )}
        />
      )}
    </PartnerPage>
  );
}
