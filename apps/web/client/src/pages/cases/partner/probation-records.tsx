import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { graphql } from '../../../generated';
import { Checkboxes, Select, TextInput } from '../../../components/govuk';
import type { RiskLevel } from '../../../generated/graphql';
import { label } from '../../../lib/labels';
import { abilities, useMe } from '../../../lib/me';
import {
  createOrUpdate,
  NO_LOCATION,
  PartnerPage,
  RecordForm,
  refusedFields,
  type RecordField,
} from './record-form';

const PROBATION_RECORDS = graphql(`
  query ProbationRecords($id: ID!) {
    case(id: $id) {
      id
      reference
      probationSummary {
        id
        version
        orderType
        supervisionStatus
        compliance
        conditions {
          text
          concernsVictim
        }
        rosh {
          knownAdult
          public
          children
          staff
          assessedOn
        }
      }
      probationDetail {
        id
        version
        caseNotes
        oasysSummary
        sentencePlan
      }
    }
  }
`);
const CREATE_SUMMARY = graphql(`
  mutation CreateProbationSummary($input: CreateProbationSummaryInput!) {
    createProbationSummary(input: $input) {
      id
      version
    }
  }
`);
const UPDATE_SUMMARY = graphql(`
  mutation UpdateProbationSummary($input: UpdateProbationSummaryInput!) {
    updateProbationSummary(input: $input) {
      id
      version
    }
  }
`);
const CREATE_DETAIL = graphql(`
  mutation CreateProbationDetail($input: CreateProbationDetailInput!) {
    createProbationDetail(input: $input) {
      id
      version
    }
  }
`);
const UPDATE_DETAIL = graphql(`
  mutation UpdateProbationDetail($input: UpdateProbationDetailInput!) {
    updateProbationDetail(input: $input) {
      id
      version
    }
  }
`);

const SUMMARY_FIELDS: RecordField[] = [
  { key: 'orderType', label: 'Licence or order', hint: 'The order under which the subject is supervised' },
  { key: 'supervisionStatus', label: 'Supervision status' },
  { key: 'compliance', label: 'Compliance', hint: NO_LOCATION },
];
const DETAIL_FIELDS: RecordField[] = [
  { key: 'caseNotes', label: 'Case notes', hint: 'Only probation reads the detail' },
  { key: 'oasysSummary', label: 'OASys summary' },
  { key: 'sentencePlan', label: 'Sentence plan' },
];

interface Condition {
  text: string;
  concernsVictim: boolean;
}

/** The conditions of the order, one a line, each marked when it protects the victim. */
function ConditionsEditor({ list, onChange }: { list: Condition[]; onChange: (l: Condition[]) => void }) {
  const set = (i: number, c: Partial<Condition>) =>
    onChange(list.map((x, j) => (j === i ? { ...x, ...c } : x)));
  return (
    <fieldset className="govuk-fieldset govuk-!-margin-bottom-6">
      <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Conditions</legend>
      <div className="govuk-hint">
        Advocates read only the conditions that protect the victim. Leave a line empty to remove it.
      </div>
      {list.map((c, i) => (
        <div key={i} className="govuk-!-margin-bottom-4">
          <TextInput
            id={`condition-${i + 1}`}
            label={`Condition ${i + 1}`}
            value={c.text}
            onChange={(v) => set(i, { text: v })}
          />
          <Checkboxes
            id={`condition-${i + 1}-victim`}
            label={<span className="govuk-visually-hidden">Condition {i + 1}</span>}
            values={c.concernsVictim ? ['yes'] : []}
            onChange={(v) => set(i, { concernsVictim: v.includes('yes') })}
            options={[{ value: 'yes', text: 'This condition protects the victim' }]}
          />
        </div>
      ))}
      <button
        type="button"
        className="govuk-button govuk-button--secondary"
        onClick={() => onChange([...list, { text: '', concernsVictim: false }])}
      >
        Add a condition
      </button>
    </fieldset>
  );
}

const ROSH: [key: 'knownAdult' | 'public' | 'children' | 'staff', text: string][] = [
  ['knownAdult', 'Risk of serious harm to a known adult'],
  ['public', 'Risk of serious harm to the public'],
  ['children', 'Risk of serious harm to children'],
  ['staff', 'Risk of serious harm to staff'],
];
type Rosh = Record<(typeof ROSH)[number][0], string>;

/** The RoSH levels of the summary (D10), each "not assessed" until chosen. */
function RoshFields({ rosh, onChange }: { rosh: Rosh; onChange: (r: Rosh) => void }) {
  return (
    <>
      {ROSH.map(([key, text]) => (
        <Select
          key={key}
          id={`rosh-${key}`}
          label={text}
          value={rosh[key]}
          onChange={(v) => onChange({ ...rosh, [key]: v })}
          options={[
            { value: '', text: 'Not assessed' },
            ...['LOW', 'MEDIUM', 'HIGH', 'VERY_HIGH'].map((l) => ({ value: l, text: label(l) })),
          ]}
        />
      ))}
    </>
  );
}

/**
 * Probation's records of a case: the shared summary (D10; advocates read only the conditions that
 * protect the victim) and the detail only probation reads (D9).
 */
export function ProbationRecordsPage() {
  const { id = '' } = useParams();
  const can = abilities(useMe());
  const { data, loading, error, refetch } = useQuery(PROBATION_RECORDS, {
    variables: { id },
    // Another role is not asked for records it may not read (each refusal is an audited denial).
    skip: !can.probation,
  });
  const [createSummary] = useMutation(CREATE_SUMMARY);
  const [updateSummary] = useMutation(UPDATE_SUMMARY);
  const [createDetail] = useMutation(CREATE_DETAIL);
  const [updateDetail] = useMutation(UPDATE_DETAIL);
  const [flash, setFlash] = useState<string | null>(null);
  const refused = refusedFields(error);
  const c = data?.case;
  const summary = c?.probationSummary;
  const stored = (): Condition[] =>
    (summary?.conditions ?? []).map((x) => ({ text: x.text ?? '', concernsVictim: !!x.concernsVictim }));
  const [conditions, setConditions] = useState<Condition[]>([]);
  const storedRosh = (): Rosh => ({
    knownAdult: summary?.rosh?.knownAdult ?? '',
    public: summary?.rosh?.public ?? '',
    children: summary?.rosh?.children ?? '',
    staff: summary?.rosh?.staff ?? '',
  });
  const [rosh, setRosh] = useState<Rosh>(storedRosh);
  useEffect(() => {
    setConditions(stored());
    setRosh(storedRosh());
  }, [summary?.id, summary?.version]);
  const saved = async (message: string | null) => {
    // The confirmation once the saved version is back on the page.
    await refetch();
    setFlash(message);
  };
  // Sent only once a level is chosen: the API keeps the levels it holds otherwise.
  const roshInput = () =>
    Object.values(rosh).some(Boolean)
      ? {
          rosh: Object.fromEntries(ROSH.map(([k]) => [k, (rosh[k] || null) as RiskLevel | null])) as Record<
            keyof Rosh,
            RiskLevel | null
          >,
        }
      : {};
  const kept = () => conditions.filter((x) => x.text.trim()).map((x) => ({ ...x, text: x.text.trim() }));
  return (
    <PartnerPage
      caseId={id}
      title="Probation summary and detail"
      reference={c?.reference}
      loading={loading && !data}
      flash={flash}
      allowed={can.probation && !!c}
      notAllowed="Only probation officers on the case write its probation summary and detail."
    >
      {!refused.has('probationSummary') && (
        <RecordForm
          id="summary"
          title="Probation summary"
          intro={<p className="govuk-body">The police, mental health and the chair read the summary.</p>}
          fields={SUMMARY_FIELDS}
          record={summary}
          saved={saved}
          extraFields={{ conditions: 'condition-1' }}
          extra={
            <>
              <ConditionsEditor list={conditions} onChange={setConditions} />
              <RoshFields rosh={rosh} onChange={setRosh} />
            </>
          }
          save={createOrUpdate(
            id,
            (key, values) =>
              createSummary({
                variables: { input: { ...key, ...values, conditions: kept(), ...roshInput() } },
              }),
            (key, values) =>
              updateSummary({
                variables: { input: { ...key, ...values, conditions: kept(), ...roshInput() } },
              }),
          )}
        />
      )}
      {!refused.has('probationDetail') && (
        <RecordForm
          id="detail"
          title="Probation detail"
          fields={DETAIL_FIELDS}
          record={c?.probationDetail}
          saved={saved}
          save={createOrUpdate(
            id,
            (key, values) => createDetail({ variables: { input: { ...key, ...values } } }),
            (key, values) => updateDetail({ variables: { input: { ...key, ...values } } }),
          )}
        />
      )}
    </PartnerPage>
  );
}
