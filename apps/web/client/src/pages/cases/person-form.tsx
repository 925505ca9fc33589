import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { graphql } from '../../generated';
import type { AgeBand, PersonRole } from '../../generated/graphql';
import {
  BackLink,
  Button,
  DateInput,
  ErrorSummary,
  errorFor,
  Loading,
  NotificationBanner,
  Radios,
  Select,
  TextInput,
} from '../../components/govuk';
import { Page } from '../../components/page';
import { datePartsToIso, isoToDateParts } from '../../lib/dates';
import { label } from '../../lib/labels';
import { useMe } from '../../lib/me';
import { useApiForm } from '../../lib/use-api-form';

const PEOPLE = graphql(`
  query CasePeople($id: ID!) {
    case(id: $id) {
      id
      reference
      subject {
        id
        version
        givenName
        familyName
        dateOfBirth
      }
      victims {
        id
        version
        alias
        givenName
        familyName
        dateOfBirth
        relationshipToSubject
        ageBand
      }
    }
  }
`);
const ADD_PERSON = graphql(`
  mutation AddPerson($input: AddPersonInput!) {
    addPerson(input: $input) {
      id
    }
  }
`);
const UPDATE_PERSON = graphql(`
  mutation UpdatePerson($input: UpdatePersonInput!) {
    updatePerson(input: $input) {
      id
    }
  }
`);
const AGE_BANDS: AgeBand[] = [
  'AGE_UNDER_18',
  'AGE_18_24',
  'AGE_25_34',
  'AGE_35_44',
  'AGE_45_54',
  'AGE_55_64',
  'AGE_65_PLUS',
];

interface Person {
  id: string;
  version?: number | null;
  givenName?: string | null;
  familyName?: string | null;
  dateOfBirth?: string | null;
  relationshipToSubject?: string | null;
  ageBand?: AgeBand | null;
}

/**
 * Adds the subject (police), a victim or a third party (police, advocates) to the case — route
 * `/cases/:id/people/new` — or changes one's identity at the version read — `/cases/:id/people/:personId`.
 */
export function PersonPage() {
  const { id = '', personId = 'new' } = useParams();
  const navigate = useNavigate();
  const me = useMe();
  const { data, loading, refetch } = useQuery(PEOPLE, { variables: { id } });
  const [addPerson] = useMutation(ADD_PERSON, { refetchQueries: ['CasePage'] });
  const [updatePerson] = useMutation(UPDATE_PERSON, { refetchQueries: ['CasePage'] });
  const form = useApiForm({
    role: 'role',
    givenName: 'given-name',
    familyName: 'family-name',
    dateOfBirth: 'dob',
    relationshipToSubject: 'relationship',
  });
  const [edits, setEdits] = useState<Partial<Record<keyof Person | 'role', string>>>({});
  const [dob, setDob] = useState<ReturnType<typeof isoToDateParts> | null>(null);
  if (loading && !data) return <Loading what="case" />;
  const c = data?.case;
  if (!c) return <Page title="Case not found" />;
  const adding = personId === 'new';
  const existing: (Person & { role: PersonRole; alias?: string | null }) | undefined = adding
    ? undefined
    : c.subject?.id === personId
      ? { ...c.subject, role: 'SUBJECT', alias: 'the subject' }
      : (() => {
          const v = c.victims?.find((p) => p.id === personId);
          return v ? { ...v, role: 'VICTIM' as const } : undefined;
        })();
  if (!adding && !existing) return <Page title="Person not found" />;
  const roles = me.roles.includes('POLICE_SPOC')
    ? ['SUBJECT', 'VICTIM', 'THIRD_PARTY']
    : ['VICTIM', 'THIRD_PARTY'];
  const role = edits.role ?? existing?.role ?? '';
  const value = (k: keyof Person) => edits[k] ?? ((existing?.[k] as string | null | undefined) || '');
  const set = (k: keyof Person | 'role') => (v: string) => setEdits((e) => ({ ...e, [k]: v }));
  const dateParts = dob ?? isoToDateParts(existing?.dateOfBirth);
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const local = [];
    if (!role) local.push({ field: 'role', message: 'Select who the person is' });
    const blank = !dateParts.day && !dateParts.month && !dateParts.year;
    const date = blank ? {} : datePartsToIso(dateParts, 'the date of birth');
    if (date.error) local.push({ field: 'dob', message: date.error });
    const fields = {
      givenName: value('givenName').trim() || undefined,
      familyName: value('familyName').trim() || undefined,
      dateOfBirth: date.value,
      relationshipToSubject:
        role === 'SUBJECT' ? undefined : value('relationshipToSubject').trim() || undefined,
      ageBand: role === 'SUBJECT' ? undefined : ((value('ageBand') || undefined) as AgeBand | undefined),
    };
    const ok = await form.submit(local, () =>
      existing
        ? updatePerson({
            variables: { input: { id: existing.id, expectedVersion: existing.version ?? 0, ...fields } },
          })
        : addPerson({ variables: { input: { caseId: c.id, role: role as PersonRole, ...fields } } }),
    );
    if (ok)
      navigate(`/cases/${c.id}`, { state: { flash: existing ? 'Details changed' : `${label(role)} added` } });
    else if (form.lastKind() === 'conflict') await refetch().catch(() => undefined); // aborted if the page is left meanwhile
  };
  return (
    <>
      <BackLink to={`/cases/${id}`}>Back to the case</BackLink>
      <Page
        title={existing ? `Change the details of ${existing.alias ?? 'the person'}` : 'Add a person'}
        caption={`Case ${c.reference ?? ''}`}
        error={form.errors.length > 0}
      >
        {form.kind === 'conflict' && (
          <NotificationBanner heading="Someone else changed these details while you were editing them. Check them and save again." />
        )}
        <ErrorSummary errors={form.errors} />
        <form onSubmit={onSubmit} noValidate>
          {adding && (
            <Radios
              id="role"
              label="Who is the person?"
              value={role}
              onChange={set('role')}
              error={errorFor(form.errors, 'role')}
              options={roles.map((r) => ({ value: r, text: label(r) }))}
            />
          )}
          <TextInput
            id="given-name"
            label="Given name (optional)"
            value={value('givenName')}
            onChange={set('givenName')}
            error={errorFor(form.errors, 'given-name')}
          />
          <TextInput
            id="family-name"
            label="Family name (optional)"
            value={value('familyName')}
            onChange={set('familyName')}
            error={errorFor(form.errors, 'family-name')}
          />
          <DateInput
            id="dob"
            label="Date of birth (optional)"
            hint="For example, 27 3 1990"
            value={dateParts}
            onChange={setDob}
            error={errorFor(form.errors, 'dob')}
          />
          {role && role !== 'SUBJECT' && (
            <>
              <TextInput
                id="relationship"
                label="Relationship to the subject (optional)"
                value={value('relationshipToSubject')}
                onChange={set('relationshipToSubject')}
                error={errorFor(form.errors, 'relationship')}
              />
              <Select
                id="age-band"
                label="Age (optional)"
                value={value('ageBand')}
                onChange={set('ageBand')}
                options={[
                  { value: '', text: 'Not known' },
                  ...AGE_BANDS.map((b) => ({ value: b, text: label(b).replace('Age ', '') })),
                ]}
              />
            </>
          )}
          <Button disabled={form.busy}>{existing ? 'Save the details' : 'Add the person'}</Button>
        </form>
      </Page>
    </>
  );
}
