import { useState } from 'react';
import { useParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { graphql } from '../../generated';
import type { ParticipantRole, SharingBasis } from '../../generated/graphql';
import {
  BackLink,
  Button,
  ErrorSummary,
  errorFor,
  Loading,
  NotificationBanner,
  Radios,
  Select,
  Table,
  Textarea,
} from '../../components/govuk';
import { WidePage } from '../../components/page';
import { label } from '../../lib/labels';
import { useApiForm } from '../../lib/use-api-form';
import { CASE_BRIEF } from './escalate-case';

const ADD = graphql(`
  mutation AddParticipant($input: AddParticipantInput!) {
    addParticipant(input: $input) {
      id
      version
    }
  }
`);
const END = graphql(`
  mutation EndParticipation($input: EndParticipationInput!) {
    endParticipation(input: $input) {
      id
      version
    }
  }
`);
const BASES: SharingBasis[] = [
  'CONSENT',
  'CONSENT_REFUSED_OVERRIDDEN',
  'NOT_SOUGHT_RISK',
  'STATUTORY_GATEWAY',
];

/** The chair or coordinator adds an agency to the case (with its basis for sharing) or ends one's part. */
export function ParticipantsPage() {
  const { id = '' } = useParams();
  const { data, loading } = useQuery(CASE_BRIEF, { variables: { id } });
  const [add] = useMutation(ADD, { refetchQueries: ['CaseBrief', 'CasePage'], awaitRefetchQueries: true });
  const [end] = useMutation(END, { refetchQueries: ['CaseBrief', 'CasePage'], awaitRefetchQueries: true });
  const addForm = useApiForm({ agencyId: 'agency', basisRationale: 'rationale', sharingBasis: 'basis' });
  const endForm = useApiForm({ agencyId: 'leaving', reason: 'end-reason' });
  const [flash, setFlash] = useState<string>();
  const [agencyId, setAgencyId] = useState('');
  const [role, setRole] = useState('PARTNER');
  const [basis, setBasis] = useState('CONSENT');
  const [rationale, setRationale] = useState('');
  const [leaving, setLeaving] = useState('');
  const [endReason, setEndReason] = useState('');
  if (loading && !data) return <Loading what="case" />;
  const c = data?.case;
  if (!c) return <WidePage title="Case not found" />;
  const current = (c.participants ?? []).filter((p) => !p.leftAt && p.agency);
  const name = (aid: string) => data?.agencies.find((a) => a.id === aid)?.name ?? 'The agency';
  const others = (data?.agencies ?? []).filter(
    (a) => a.active && !current.some((p) => p.agency!.id === a.id),
  );
  const onAdd = async (e: React.FormEvent) => {
    e.preventDefault();
    setFlash(undefined);
    const local = [];
    if (!agencyId) local.push({ field: 'agency', message: 'Select the agency to add' });
    if (basis !== 'CONSENT' && !rationale.trim())
      local.push({ field: 'rationale', message: 'Enter why information is shared without consent' });
    const ok = await addForm.submit(local, () =>
      add({
        variables: {
          input: {
            caseId: c.id,
            agencyId,
            roleInCase: role as ParticipantRole,
            sharingBasis: basis as SharingBasis,
            basisRationale: rationale.trim() || undefined,
          },
        },
      }),
    );
    if (ok) {
      setFlash(`${name(agencyId)} now takes part`);
      setAgencyId('');
      setRationale('');
    }
  };
  const onEnd = async (e: React.FormEvent) => {
    e.preventDefault();
    setFlash(undefined);
    const local = [];
    if (!leaving) local.push({ field: 'leaving', message: 'Select the agency whose part ends' });
    if (!endReason.trim()) local.push({ field: 'end-reason', message: 'Enter why its part ends' });
    const ok = await endForm.submit(local, () =>
      end({ variables: { input: { caseId: c.id, agencyId: leaving, reason: endReason.trim() } } }),
    );
    if (ok) {
      setFlash(`${name(leaving)} no longer takes part`);
      setLeaving('');
      setEndReason('');
    }
  };
  return (
    <>
      <BackLink to={`/cases/${id}`}>Back to the case</BackLink>
      <WidePage title="Agencies taking part" caption={`Case ${c.reference ?? ''}`}>
        {flash && <NotificationBanner success heading={flash} />}
        <Table
          caption="Taking part now"
          head={['Agency', 'Role in the case']}
          rows={current.map((p) => [p.agency!.name, label(p.roleInCase)])}
        />
        <form onSubmit={onAdd} noValidate className="govuk-!-margin-bottom-8">
          <h2 className="govuk-heading-m">Add an agency</h2>
          <ErrorSummary errors={addForm.errors} />
          <Select
            id="agency"
            label="Agency"
            hint="It must have signed the clinic’s information sharing agreement"
            value={agencyId}
            onChange={setAgencyId}
            error={errorFor(addForm.errors, 'agency')}
            options={[
              { value: '', text: 'Choose an agency' },
              ...others.map((a) => ({ value: a.id, text: a.name })),
            ]}
          />
          <Radios
            id="role"
            label="Its role in the case"
            value={role}
            onChange={setRole}
            inline
            options={[
              { value: 'PARTNER', text: 'Partner' },
              { value: 'ADVICE_ONLY', text: 'Advice only' },
            ]}
          />
          <Select
            id="basis"
            label="Basis for sharing information with it"
            value={basis}
            onChange={setBasis}
            error={errorFor(addForm.errors, 'basis')}
            options={BASES.map((b) => ({ value: b, text: label(b) }))}
          />
          {basis !== 'CONSENT' && (
            <Textarea
              id="rationale"
              label="Why is information shared without consent?"
              rows={3}
              value={rationale}
              onChange={setRationale}
              error={errorFor(addForm.errors, 'rationale')}
            />
          )}
          <Button disabled={addForm.busy}>Add the agency</Button>
        </form>
        <form onSubmit={onEnd} noValidate>
          <h2 className="govuk-heading-m">End an agency’s part</h2>
          <ErrorSummary errors={endForm.errors} />
          <Select
            id="leaving"
            label="Agency whose part ends"
            hint="The lead agency cannot leave: hand the lead on first"
            value={leaving}
            onChange={setLeaving}
            error={errorFor(endForm.errors, 'leaving')}
            options={[
              { value: '', text: 'Choose an agency' },
              ...current
                .filter((p) => p.agency!.id !== c.leadAgency?.id)
                .map((p) => ({ value: p.agency!.id, text: p.agency!.name })),
            ]}
          />
          <Textarea
            id="end-reason"
            label="Why does its part end?"
            rows={3}
            value={endReason}
            onChange={setEndReason}
            error={errorFor(endForm.errors, 'end-reason')}
          />
          <Button warning disabled={endForm.busy}>
            End its part
          </Button>
        </form>
      </WidePage>
    </>
  );
}
