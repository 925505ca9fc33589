import { useState } from 'react';
import { useParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { graphql } from '../../../generated';
import { formatDate } from '../../../lib/dates';
import { abilities, useMe } from '../../../lib/me';
import {
  NewDatedRecord,
  NO_LOCATION,
  PartnerPage,
  RecordForm,
  refusedFields,
  type EditableRecord,
  type RecordField,
} from './record-form';

const ADVOCACY = graphql(`
  query AdvocacyRecords($id: ID!) {
    case(id: $id) {
      id
      reference
      victims {
        id
        alias
        voice {
          voiceSummary
          safetyPlanSummary
          sharedSummary
          version
        }
      }
      advocacyRecords {
        id
        version
        recordedOn
        disclosures
        health
        counselling
        needs
      }
    }
  }
`);
const CREATE_ADVOCACY = graphql(`
  mutation CreateAdvocacyRecord($input: CreateAdvocacyRecordInput!) {
    createAdvocacyRecord(input: $input) {
      id
      version
    }
  }
`);
const UPDATE_ADVOCACY = graphql(`
  mutation UpdateAdvocacyRecord($input: UpdateAdvocacyRecordInput!) {
    updateAdvocacyRecord(input: $input) {
      id
      version
    }
  }
`);
const UPDATE_VOICE = graphql(`
  mutation UpdateVictimVoice($input: UpdateVictimVoiceInput!) {
    updateVictimVoice(input: $input) {
      id
      caseId
    }
  }
`);

const VOICE_FIELDS: RecordField[] = [
  {
    key: 'voiceSummary',
    label: 'The victim’s voice',
    hint: 'In the victim’s words: what they want the clinic to know',
  },
  { key: 'safetyPlanSummary', label: 'Safety plan', hint: NO_LOCATION },
  {
    key: 'sharedSummary',
    label: 'Summary for the other agencies',
    hint: `Written for sharing, with the victim’s alias only. ${NO_LOCATION}`,
  },
];
const ADVOCACY_FIELDS: RecordField[] = [
  { key: 'disclosures', label: 'Disclosures' },
  { key: 'health', label: 'Health' },
  { key: 'counselling', label: 'Counselling' },
  { key: 'needs', label: 'Needs' },
];

/**
 * The advocate's records of a case: each victim's voice and safety plan (D13; others read the
 * shared summary) and the advocacy records only the authoring agency ever reads (D14).
 */
export function AdvocacyRecordsPage() {
  const { id = '' } = useParams();
  const can = abilities(useMe());
  const { data, loading, error, refetch } = useQuery(ADVOCACY, {
    variables: { id },
    // Another role is not asked for records it may not read (each refusal is an audited denial).
    skip: !can.advocate,
  });
  const [create] = useMutation(CREATE_ADVOCACY);
  const [update] = useMutation(UPDATE_ADVOCACY);
  const [updateVoice] = useMutation(UPDATE_VOICE);
  const [flash, setFlash] = useState<string | null>(null);
  const [added, setAdded] = useState(0);
  const c = data?.case;
  const saved = async (message: string | null) => {
    // The confirmation once the saved version is back on the page.
    await refetch();
    setFlash(message);
  };
  const refused = refusedFields(error);
  return (
    <PartnerPage
      caseId={id}
      title="Victim’s voice and advocacy records"
      reference={c?.reference}
      loading={loading && !data}
      flash={flash}
      allowed={can.advocate && !!c}
      notAllowed="Only the victim’s advocate on the case writes the victim’s voice and advocacy records."
    >
      {(c?.victims ?? []).map((v, i) => (
        <RecordForm
          key={v.id}
          id={`voice-${i + 1}`}
          title={`Voice and safety plan of ${v.alias ?? `victim ${i + 1}`}`}
          submitText="Save the victim’s voice"
          fields={VOICE_FIELDS}
          record={{ id: v.id, ...v.voice }}
          saved={(m) => saved(m && 'Victim’s voice saved')}
          save={(values) =>
            updateVoice({
              variables: {
                input: { personId: v.id, expectedVersion: v.voice?.version ?? undefined, ...values },
              },
            })
          }
        />
      ))}
      {!refused.has('advocacyRecords') && (
        <>
          <h2 className="govuk-heading-m">Advocacy records</h2>
          <p className="govuk-body">Only your agency ever reads these records.</p>
          {(c?.advocacyRecords ?? []).map((r, i) => (
            <RecordForm
              key={r.id}
              id={`advocacy-${i + 1}`}
              title={`Advocacy record of ${formatDate(r.recordedOn)}`}
              submitText="Save changes to the advocacy record"
              fields={ADVOCACY_FIELDS}
              record={r as EditableRecord}
              saved={saved}
              save={(values, existing) =>
                update({
                  variables: {
                    input: { id: existing!.id, expectedVersion: existing!.version ?? 0, ...values },
                  },
                })
              }
            />
          ))}
          <NewDatedRecord
            key={added}
            id="new-advocacy"
            what="advocacy record"
            fields={ADVOCACY_FIELDS}
            create={(values) => create({ variables: { input: { caseId: id, ...values } } })}
            saved={async (m) => {
              await saved(m);
              if (m) setAdded(added + 1);
            }}
          />
        </>
      )}
    </PartnerPage>
  );
}
