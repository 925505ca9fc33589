import { useState } from 'react';
import { useMutation } from '@apollo/client/react';
import { graphql } from '../../../generated';
import { Button, ErrorSummary, WarningText } from '../../../components/govuk';
import { PurposeFields } from '../../../components/purpose-fields';
import { formatDate } from '../../../lib/dates';
import { reasonText } from '../../../lib/purpose';
import { usePurposeRead } from '../../../lib/use-purpose-read';
import { NewDatedRecord, RecordForm, type EditableRecord, type RecordField } from './record-form';

const CLINICAL_RECORDS = graphql(`
  query ClinicalRecords($id: ID!, $reason: PurposeReason!, $purpose: String!) {
    case(id: $id) {
      id
      clinicalRecords(reason: $reason, purpose: $purpose) {
        id
        version
        recordedOn
        diagnoses
        medication
        clinicalNotes
        authorAgency {
          name
        }
      }
    }
  }
`);
const CREATE_CLINICAL = graphql(`
  mutation CreateClinicalRecord($input: CreateClinicalRecordInput!) {
    createClinicalRecord(input: $input) {
      id
      caseId
    }
  }
`);
const UPDATE_CLINICAL = graphql(`
  mutation UpdateClinicalRecord($input: UpdateClinicalRecordInput!) {
    updateClinicalRecord(input: $input) {
      id
      caseId
    }
  }
`);

const CLINICAL_FIELDS: RecordField[] = [
  { key: 'diagnoses', label: 'Diagnoses' },
  { key: 'medication', label: 'Medication' },
  { key: 'clinicalNotes', label: 'Clinical notes' },
];

/**
 * Clinical detail (D6: mental health only), read with a stated purpose the API audits and kept
 * out of Apollo's cache; each record edited with its version, and a new one added.
 */
export function ClinicalRecords({
  caseId,
  setFlash,
}: {
  caseId: string;
  setFlash: (m: string | null) => void;
}) {
  const [create] = useMutation(CREATE_CLINICAL);
  const [update] = useMutation(UPDATE_CLINICAL);
  const read = usePurposeRead(CLINICAL_RECORDS, {
    variables: (stated) => ({ id: caseId, ...stated }),
    shown: (data) => data?.case.clinicalRecords,
    field: 'clinical-purpose',
    empty: 'Enter why you need the clinical records',
    refused: 'You cannot see the clinical records of this case',
  });
  // A new empty form after each record added.
  const [added, setAdded] = useState(0);
  const saved = async (message: string | null) => {
    // The confirmation once the saved version is back on the page.
    await read.reload();
    setFlash(message);
  };
  if (!read.data)
    return (
      <form onSubmit={read.submit} noValidate aria-labelledby="clinical-heading">
        <h2 className="govuk-heading-m" id="clinical-heading">
          Clinical records
        </h2>
        <ErrorSummary errors={read.errors} />
        <WarningText>
          Only mental health clinicians can see clinical records. Your reason is recorded.
        </WarningText>
        <PurposeFields
          id="clinical-purpose"
          label="Why do you need the clinical records?"
          reason={read.reason}
          onReason={read.setReason}
          text={read.purpose}
          onText={read.setPurpose}
          errors={read.errors}
        />
        <Button secondary>Show the clinical records</Button>
      </form>
    );
  return (
    <>
      <h2 className="govuk-heading-m">Clinical records</h2>
      <p className="govuk-body">Opened for: {reasonText(read.asked?.reason ?? '')}.</p>
      {read.data.map((r, i) => (
        <RecordForm
          key={r.id}
          id={`clinical-${i + 1}`}
          title={`Clinical record of ${formatDate(r.recordedOn)}`}
          submitText="Save changes to the clinical record"
          fields={CLINICAL_FIELDS}
          record={r as EditableRecord}
          saved={saved}
          save={(values, existing) =>
            update({
              variables: { input: { id: existing!.id, expectedVersion: existing!.version ?? 0, ...values } },
            })
          }
        />
      ))}
      <NewDatedRecord
        key={added}
        id="new-clinical"
        what="clinical record"
        fields={CLINICAL_FIELDS}
        create={(values) => create({ variables: { input: { caseId, ...values } } })}
        saved={async (m) => {
          await saved(m);
          if (m) setAdded(added + 1);
        }}
      />
    </>
  );
}
