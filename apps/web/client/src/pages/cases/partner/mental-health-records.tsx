import { useRef, useState } from 'react';
import { useParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { graphql } from '../../../generated';
import { abilities, useMe } from '../../../lib/me';
import { ContributionOfferCheckbox, useContributionOffer } from '../../meetings/contribution-offer';
import { ClinicalRecords } from './clinical-records';
import {
  createOrUpdate,
  NO_LOCATION,
  PartnerPage,
  RecordForm,
  refusedFields,
  type RecordField,
} from './record-form';

const FORMULATION = graphql(`
  query FormulationRecord($id: ID!) {
    case(id: $id) {
      id
      reference
      formulation {
        id
        version
        summary
        riskScenarios
        protectiveFactors
        recommendations
        victimSafety
      }
    }
  }
`);
const CREATE_FORMULATION = graphql(`
  mutation CreateFormulation($input: CreateFormulationInput!) {
    createFormulation(input: $input) {
      id
      version
    }
  }
`);
const UPDATE_FORMULATION = graphql(`
  mutation UpdateFormulation($input: UpdateFormulationInput!) {
    updateFormulation(input: $input) {
      id
      version
    }
  }
`);

const FORMULATION_FIELDS: RecordField[] = [
  { key: 'summary', label: 'Formulation summary', hint: `Written for sharing. ${NO_LOCATION}` },
  { key: 'riskScenarios', label: 'Risk scenarios' },
  { key: 'protectiveFactors', label: 'Protective factors' },
  { key: 'recommendations', label: 'Risk-management recommendations' },
  {
    key: 'victimSafety',
    label: 'Victim safety',
    hint: 'The victim’s advocate reads this part only',
  },
];

/**
 * Mental health's records of a case: the shared formulation (D7), which can go to the clinic as
 * the agency's contribution, and the clinical records (D6), opened with a stated purpose.
 */
export function MentalHealthRecordsPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const can = abilities(me);
  const { data, loading, error, refetch } = useQuery(FORMULATION, {
    variables: { id },
    // Another role is not asked for records it may not read (each refusal is an audited denial).
    skip: !can.mentalHealth,
  });
  const [create] = useMutation(CREATE_FORMULATION);
  const [update] = useMutation(UPDATE_FORMULATION);
  const contribution = useContributionOffer(id, me.agency.id);
  const [asContribution, setAsContribution] = useState(true);
  const sent = useRef<boolean | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const c = data?.case;
  const saved = async (message: string | null) => {
    await refetch();
    setFlash(
      message &&
        (sent.current === true
          ? `${message} and sent as your agency’s contribution`
          : sent.current === false
            ? `${message}. Your contribution was not sent: send it from the meeting page`
            : message),
    );
  };
  return (
    <PartnerPage
      caseId={id}
      title="Formulation and clinical records"
      reference={c?.reference}
      loading={loading && !data}
      flash={flash}
      allowed={can.mentalHealth && !!c}
      notAllowed="Only mental health clinicians on the case write its formulation and clinical records."
    >
      {!refusedFields(error).has('formulation') && (
        <RecordForm
          id="formulation"
          title="Formulation"
          fields={FORMULATION_FIELDS}
          record={c?.formulation}
          saved={saved}
          extra={
            contribution.offer && (
              <ContributionOfferCheckbox
                offer={contribution.offer}
                what="formulation"
                checked={asContribution}
                onChange={setAsContribution}
              />
            )
          }
          save={async (values, existing) => {
            sent.current = null;
            await createOrUpdate(
              id,
              (key, values) => create({ variables: { input: { ...key, ...values } } }),
              (key, values) => update({ variables: { input: { ...key, ...values } } }),
            )(values, existing);
            if (contribution.offer && asContribution)
              sent.current = await Promise.resolve(
                contribution.send('Our formulation is our contribution: see the case’s formulation.'),
              ).then(
                () => true,
                () => false,
              );
          }}
        />
      )}
      <ClinicalRecords caseId={id} setFlash={setFlash} />
    </PartnerPage>
  );
}
