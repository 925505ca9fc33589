import { useState } from 'react';
import { useParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { graphql } from '../../generated';
import type { LocationKind } from '../../generated/graphql';
import {
  BackLink,
  Button,
  Checkboxes,
  ErrorSummary,
  errorFor,
  Loading,
  NotificationBanner,
  Select,
  SummaryCard,
  SummaryList,
  Tag,
  Textarea,
  TextInput,
  WarningText,
} from '../../components/govuk';
import { Page } from '../../components/page';
import { formatDateTime } from '../../lib/dates';
import type { FormError } from '../../lib/errors';
import { label } from '../../lib/labels';
import { useApiForm } from '../../lib/use-api-form';
import { usePurposeRead } from '../../lib/use-purpose-read';
import { reasonText } from '../../lib/purpose';
import { PurposeFields } from '../../components/purpose-fields';

const PEOPLE = graphql(`
  query CaseVictims($id: ID!) {
    case(id: $id) {
      id
      reference
      victims {
        id
        alias
      }
    }
  }
`);

const LOCATIONS = graphql(`
  query VictimLocations($id: ID!, $reason: PurposeReason!, $purpose: String!) {
    case(id: $id) {
      id
      victims {
        id
        alias
        locations(reason: $reason, purpose: $purpose) {
          id
          kind
          addressLine1
          addressLine2
          town
          postcode
          phone
          email
          details
          current
          recordedAt
        }
      }
    }
  }
`);

const ADD = graphql(`
  mutation AddLocation($input: AddLocationInput!) {
    addLocation(input: $input) {
      id
    }
  }
`);

const KINDS: LocationKind[] = ['HOME', 'WORK', 'ROUTINE', 'SAFE_CONTACT', 'WHEREABOUTS'];

/**
 * A victim's locations and contact details (D12: police and the advocate). Reading them states a
 * purpose, which the API writes to the audit log; they are fetched past Apollo's cache, so leaving
 * the page leaves nothing of them in the browser's memory.
 */
export function VictimLocationsPage() {
  const { id = '', personId = '' } = useParams();
  const people = useQuery(PEOPLE, { variables: { id } });
  const read = usePurposeRead(LOCATIONS, {
    variables: (stated) => ({ id, ...stated }),
    shown: (data) => data?.case.victims?.find((v) => v.id === personId)?.locations,
    field: 'purpose',
    empty: 'Enter why you need the locations',
    refused: 'You cannot see this victim’s locations',
  });
  const [flash, setFlash] = useState<string | null>(null);
  if (people.loading && !people.data) return <Loading what="case" />;
  const c = people.data?.case;
  const victim = c?.victims?.find((v) => v.id === personId);
  if (!c || !victim)
    return (
      <Page title="Not found">
        <p className="govuk-body">This person does not exist or you cannot see them.</p>
      </Page>
    );
  const { errors, asked, data: locations } = read;
  const name = victim.alias ?? 'the victim';
  return (
    <>
      <BackLink to={`/cases/${c.id}`}>Back to the case</BackLink>
      <Page
        title={`Locations and contact: ${name}`}
        caption={`Case ${c.reference ?? ''}`}
        error={errors.length > 0}
      >
        {flash && <NotificationBanner success heading={flash} />}
        <ErrorSummary errors={errors} />
        {!asked || !locations ? (
          <form onSubmit={read.submit} noValidate>
            <WarningText>
              Only police and the victim’s advocate can see these. Each time you open them, your reason is
              recorded.
            </WarningText>
            <PurposeFields
              id="purpose"
              label="Why do you need them?"
              hint="For example: safety visit planned for Friday"
              reason={read.reason}
              onReason={read.setReason}
              text={read.purpose}
              onText={read.setPurpose}
              errors={errors}
            />
            <Button>Show the locations</Button>
          </form>
        ) : (
          <>
            <p className="govuk-body">
              Opened for: {reasonText(asked.reason)}: {asked.purpose}
            </p>
            {locations.length === 0 ? (
              <p className="govuk-body">No locations recorded.</p>
            ) : (
              locations.map((l) => (
                <SummaryCard
                  key={l.id}
                  title={
                    <>
                      {label(l.kind)}{' '}
                      {l.current ? (
                        <Tag code="ACTIVE" text="Current" />
                      ) : (
                        <Tag code="CLOSED" text="Earlier" />
                      )}
                    </>
                  }
                >
                  <SummaryList
                    rows={[
                      l.addressLine1 || l.town || l.postcode
                        ? {
                            key: 'Address',
                            value: [l.addressLine1, l.addressLine2, l.town, l.postcode]
                              .filter(Boolean)
                              .join(', '),
                          }
                        : null,
                      l.phone ? { key: 'Phone', value: l.phone } : null,
                      l.email ? { key: 'Email', value: l.email } : null,
                      l.details ? { key: 'Details', value: l.details } : null,
                      { key: 'Recorded', value: formatDateTime(l.recordedAt) },
                    ]}
                  />
                </SummaryCard>
              ))
            )}
            <AddLocationForm
              personId={personId}
              onDone={async (kind) => {
                await read.reload();
                setFlash(`${label(kind)} location recorded`);
              }}
            />
          </>
        )}
      </Page>
    </>
  );
}

/** The location's text fields: the API's name, its label, and how it is shown. */
const FIELDS = [
  { name: 'addressLine1', label: 'Address line 1' },
  { name: 'addressLine2', label: 'Address line 2 (optional)' },
  { name: 'town', label: 'Town or city', width: '20' },
  { name: 'postcode', label: 'Postcode', width: '10' },
  { name: 'phone', label: 'Safe phone number (optional)', width: '20', type: 'tel' },
  { name: 'email', label: 'Safe email address (optional)', type: 'email' },
] as const;
type FieldName = (typeof FIELDS)[number]['name'] | 'details';
const NAMES: FieldName[] = [...FIELDS.map((f) => f.name), 'details'];
const fieldId = (name: string) => `location-${name}`;
const blank = () => Object.fromEntries(NAMES.map((n) => [n, ''])) as Record<FieldName, string>;

function AddLocationForm({
  personId,
  onDone,
}: {
  personId: string;
  onDone: (kind: string) => Promise<void>;
}) {
  const [add] = useMutation(ADD);
  const form = useApiForm(Object.fromEntries(['kind', ...NAMES].map((n) => [n, fieldId(n)])));
  const [kind, setKind] = useState('');
  const [v, setV] = useState(blank);
  const [keep, setKeep] = useState<string[]>([]);
  const set = (k: FieldName) => (value: string) => setV({ ...v, [k]: value });
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const local: FormError[] = [];
    if (!kind) local.push({ field: fieldId('kind'), message: 'Select what kind of location it is' });
    if (!NAMES.some((n) => v[n].trim()))
      local.push({
        field: fieldId('addressLine1'),
        message: 'Enter an address, a phone number, an email or details',
      });
    const values = Object.fromEntries(NAMES.map((n) => [n, v[n].trim() || undefined]));
    const ok = await form.submit(local, () =>
      add({
        variables: {
          input: {
            personId,
            kind: kind as LocationKind,
            ...values,
            supersedeCurrent: !keep.includes('keep'),
          },
        },
      }),
    );
    if (ok) {
      const recorded = kind;
      setKind('');
      setV(blank());
      setKeep([]);
      await onDone(recorded);
    }
  };
  return (
    <form onSubmit={onSubmit} noValidate>
      <h2 className="govuk-heading-m">Record a location</h2>
      <ErrorSummary errors={form.errors} />
      <Select
        id={fieldId('kind')}
        label="Kind of location"
        value={kind}
        onChange={setKind}
        error={errorFor(form.errors, fieldId('kind'))}
        options={[{ value: '', text: 'Select a kind' }, ...KINDS.map((k) => ({ value: k, text: label(k) }))]}
      />
      {FIELDS.map((f) => (
        <TextInput
          key={f.name}
          id={fieldId(f.name)}
          label={f.label}
          width={'width' in f ? f.width : undefined}
          type={'type' in f ? f.type : undefined}
          value={v[f.name]}
          onChange={set(f.name)}
          error={errorFor(form.errors, fieldId(f.name))}
        />
      ))}
      <Textarea
        id={fieldId('details')}
        label="Details (optional)"
        hint="For example, routines or times to avoid"
        rows={3}
        value={v.details}
        onChange={set('details')}
        error={errorFor(form.errors, fieldId('details'))}
      />
      <Checkboxes
        id="location-keep"
        label="Earlier locations of this kind"
        values={keep}
        onChange={setKeep}
        options={[
          { value: 'keep', text: 'Keep the current one as current too (for example, a second workplace)' },
        ]}
      />
      <Button secondary disabled={form.busy}>
        Record the location
      </Button>
    </form>
  );
}
