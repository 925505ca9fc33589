import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { graphql } from '../../generated';
import type {
  ReferralBehaviour,
  ReferralSharingBasis,
  ReferralToChangeQuery,
  ReferralUrgency,
  UpdateReferralInput,
} from '../../generated/graphql';
import {
  BackLink,
  Button,
  ButtonLink,
  Checkboxes,
  ErrorSummary,
  errorFor,
  Loading,
  NotificationBanner,
  Radios,
  Textarea,
  TextInput,
  WarningText,
} from '../../components/govuk';
import { Page } from '../../components/page';
import { label } from '../../lib/labels';
import { useMe } from '../../lib/me';
import { useApiForm } from '../../lib/use-api-form';
import { BASES, BEHAVIOURS } from './make-referral';

const REFERRAL = graphql(`
  query ReferralToChange($id: ID!) {
    referral(id: $id) {
      id
      reference
      referrerAgencyId
      status
      version
      urgency
      reason
      behaviours
      crimeReferences
      sharingBasis
      basisRationale
      subject {
        givenName
        familyName
      }
      victim {
        givenName
        familyName
        relationshipToSubject
      }
    }
  }
`);
const UPDATE = graphql(`
  mutation UpdateReferral($input: UpdateReferralInput!) {
    updateReferral(input: $input) {
      id
      status
      version
    }
  }
`);
const WITHDRAW = graphql(`
  mutation WithdrawReferral($input: ReferralTransitionInput!) {
    withdrawReferral(input: $input) {
      id
      status
      version
      decisionReason
    }
  }
`);

type Referral = NonNullable<ReferralToChangeQuery['referral']>;
export const EDITABLE = ['DRAFT', 'MORE_INFO_REQUESTED'];
export const WITHDRAWABLE = ['DRAFT', 'SUBMITTED', 'SCREENING', 'MORE_INFO_REQUESTED'];

/** What the referrer may do now (the API: the referring agency only; change a draft or one asked about; withdraw until decided). */
export function referrerMoves(
  r: { referrerAgencyId?: string | null; status?: string | null },
  agencyId: string,
) {
  const referrer = r.referrerAgencyId === agencyId;
  return {
    change: referrer && EDITABLE.includes(r.status ?? ''),
    withdraw: referrer && WITHDRAWABLE.includes(r.status ?? ''),
  };
}

/** The referrer's own moves: change (a draft, or after the clinic asked) and withdraw. */
export function ReferrerLinks({
  r,
  agencyId,
}: {
  r: { id: string; referrerAgencyId?: string | null; status?: string | null };
  agencyId: string;
}) {
  const moves = referrerMoves(r, agencyId);
  if (!moves.change && !moves.withdraw) return null;
  return (
    <div className="govuk-button-group">
      {moves.change && (
        <ButtonLink to={`/referrals/${r.id}/change`} secondary>
          Change the referral
        </ButtonLink>
      )}
      {moves.withdraw && (
        <ButtonLink to={`/referrals/${r.id}/withdraw`} secondary>
          Withdraw the referral
        </ButtonLink>
      )}
    </div>
  );
}

function useReferral() {
  const { id = '' } = useParams();
  const me = useMe();
  const query = useQuery(REFERRAL, { variables: { id } });
  const r = query.data?.referral;
  return { id, r, moves: r ? referrerMoves(r, me.agency.id) : undefined, ...query };
}

type Fields = {
  urgency: string;
  reason: string;
  behaviours: string[];
  crimeReferences: string;
  sharingBasis: string;
  basisRationale: string;
  subjectGiven: string;
  subjectFamily: string;
  victimGiven: string;
  victimFamily: string;
  victimRelationship: string;
};

const fieldsOf = (r: Referral): Fields => ({
  urgency: r.urgency ?? '',
  reason: r.reason ?? '',
  behaviours: [...(r.behaviours ?? [])],
  crimeReferences: (r.crimeReferences ?? []).join(', '),
  sharingBasis: r.sharingBasis ?? '',
  basisRationale: r.basisRationale ?? '',
  subjectGiven: r.subject?.givenName ?? '',
  subjectFamily: r.subject?.familyName ?? '',
  victimGiven: r.victim?.givenName ?? '',
  victimFamily: r.victim?.familyName ?? '',
  victimRelationship: r.victim?.relationshipToSubject ?? '',
});

/** Only what changed goes to the API (it refuses an update that changes nothing). */
function changes(before: Fields, after: Fields): Omit<UpdateReferralInput, 'id' | 'expectedVersion'> {
  const out: Omit<UpdateReferralInput, 'id' | 'expectedVersion'> = {};
  const changed = (k: keyof Fields) => JSON.stringify(before[k]) !== JSON.stringify(after[k]);
  if (changed('urgency')) out.urgency = after.urgency as ReferralUrgency;
  if (changed('reason')) out.reason = after.reason.trim();
  if (changed('behaviours')) out.behaviours = after.behaviours as ReferralBehaviour[];
  if (changed('crimeReferences'))
    out.crimeReferences = after.crimeReferences
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
  if (changed('sharingBasis')) out.sharingBasis = after.sharingBasis as ReferralSharingBasis;
  if (changed('basisRationale') || (changed('sharingBasis') && after.sharingBasis === 'CONSENT'))
    out.basisRationale = after.sharingBasis === 'CONSENT' ? null : after.basisRationale.trim();
  if (changed('subjectGiven') || changed('subjectFamily'))
    out.subject = { givenName: after.subjectGiven.trim(), familyName: after.subjectFamily.trim() };
  if (changed('victimGiven') || changed('victimFamily') || changed('victimRelationship'))
    out.victim = {
      givenName: after.victimGiven.trim(),
      familyName: after.victimFamily.trim(),
      relationshipToSubject: after.victimRelationship.trim(),
    };
  return out;
}

/** The referrer changes a draft, or a referral the clinic asked more information about. */
export function ChangeReferralPage() {
  const navigate = useNavigate();
  const { id, r, moves, loading, data, refetch } = useReferral();
  const [update] = useMutation(UPDATE, { refetchQueries: ['Referral'] });
  const form = useApiForm({
    urgency: 'urgency',
    reason: 'reason',
    behaviours: 'behaviours',
    crimeReferences: 'crime-references',
    sharingBasis: 'basis',
    basisRationale: 'rationale',
  });
  const [edits, setEdits] = useState<Partial<Fields>>({});
  if (loading && !data) return <Loading what="referral" />;
  if (!r || !moves?.change)
    return (
      <Page title="You cannot change this referral">
        Only the referring agency can change a draft, or a referral the clinic asked about.
      </Page>
    );
  const before = fieldsOf(r);
  const f = { ...before, ...edits };
  const set =
    <K extends keyof Fields>(k: K) =>
    (v: Fields[K]) =>
      setEdits((e) => ({ ...e, [k]: v }));
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const local = [];
    if (!f.reason.trim()) local.push({ field: 'reason', message: 'Enter why you are referring the case' });
    if (f.sharingBasis !== 'CONSENT' && !f.basisRationale.trim())
      local.push({ field: 'rationale', message: 'Enter why information is shared without consent' });
    const change = changes(before, f);
    if (!local.length && !Object.keys(change).length)
      local.push({ message: 'You have not changed anything' });
    const ok = await form.submit(local, () =>
      update({ variables: { input: { id: r.id, expectedVersion: r.version ?? 0, ...change } } }),
    );
    if (ok) navigate(`/referrals/${r.id}`, { state: { flash: 'Referral changed' } });
    else if (form.lastKind() === 'conflict') {
      setEdits({});
      await refetch();
    }
  };
  return (
    <>
      <BackLink to={`/referrals/${id}`}>Back to the referral</BackLink>
      <Page
        title="Change the referral"
        caption={`Referral ${r.reference ?? ''}`}
        error={form.errors.length > 0}
      >
        {form.kind === 'conflict' && (
          <NotificationBanner heading="Someone else changed this referral while you were editing it. The latest version is shown: make your changes again." />
        )}
        <ErrorSummary errors={form.errors} />
        <form onSubmit={onSubmit} noValidate>
          <Radios
            id="urgency"
            label="How urgent is it?"
            value={f.urgency}
            onChange={set('urgency')}
            inline
            options={['ROUTINE', 'URGENT'].map((u) => ({ value: u, text: label(u) }))}
          />
          <Textarea
            id="reason"
            label="Why are you referring the case?"
            hint="The clinic and its partners read this: no addresses, phone numbers or other contact details"
            value={f.reason}
            onChange={set('reason')}
            error={errorFor(form.errors, 'reason')}
          />
          <Checkboxes
            id="behaviours"
            label="Behaviours"
            values={f.behaviours}
            onChange={set('behaviours')}
            options={BEHAVIOURS.map((b) => ({ value: b, text: label(b) }))}
          />
          <TextInput
            id="crime-references"
            label="Crime references (optional)"
            hint="Separate them with commas"
            value={f.crimeReferences}
            onChange={set('crimeReferences')}
            error={errorFor(form.errors, 'crime-references')}
          />
          <Radios
            id="basis"
            label="Basis for sharing"
            value={f.sharingBasis}
            onChange={set('sharingBasis')}
            options={BASES}
          />
          {f.sharingBasis !== 'CONSENT' && (
            <Textarea
              id="rationale"
              label="Why is information shared without consent?"
              rows={3}
              value={f.basisRationale}
              onChange={set('basisRationale')}
              error={errorFor(form.errors, 'rationale')}
            />
          )}
          <h2 className="govuk-heading-m">Subject</h2>
          <TextInput
            id="subject-given"
            label="Subject’s given name"
            value={f.subjectGiven}
            onChange={set('subjectGiven')}
          />
          <TextInput
            id="subject-family"
            label="Subject’s family name"
            value={f.subjectFamily}
            onChange={set('subjectFamily')}
          />
          <h2 className="govuk-heading-m">Victim</h2>
          <TextInput
            id="victim-given"
            label="Victim’s given name"
            value={f.victimGiven}
            onChange={set('victimGiven')}
          />
          <TextInput
            id="victim-family"
            label="Victim’s family name"
            value={f.victimFamily}
            onChange={set('victimFamily')}
          />
          <TextInput
            id="victim-relationship"
            label="Victim’s relationship to the subject"
            value={f.victimRelationship}
            onChange={set('victimRelationship')}
          />
          <Button disabled={form.busy}>Save the changes</Button>
        </form>
      </Page>
    </>
  );
}

/** The referrer withdraws a referral the clinic has not decided, with a reason. */
export function WithdrawReferralPage() {
  const navigate = useNavigate();
  const { id, r, moves, loading, data, refetch } = useReferral();
  const [withdraw] = useMutation(WITHDRAW, { refetchQueries: ['Referral'] });
  const form = useApiForm({ reason: 'withdraw-reason' });
  const [reason, setReason] = useState('');
  if (loading && !data) return <Loading what="referral" />;
  if (!r || !moves?.withdraw)
    return (
      <Page title="You cannot withdraw this referral">
        Only the referring agency can withdraw a referral the clinic has not decided.
      </Page>
    );
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const local = reason.trim()
      ? []
      : [{ field: 'withdraw-reason', message: 'Enter why you are withdrawing the referral' }];
    const ok = await form.submit(local, () =>
      withdraw({
        variables: { input: { id: r.id, expectedVersion: r.version ?? 0, reason: reason.trim() } },
      }),
    );
    if (ok) navigate(`/referrals/${r.id}`, { state: { flash: 'Referral withdrawn' } });
    else if (form.lastKind() === 'conflict') await refetch().catch(() => undefined);
  };
  return (
    <>
      <BackLink to={`/referrals/${id}`}>Back to the referral</BackLink>
      <Page
        title="Withdraw the referral"
        caption={`Referral ${r.reference ?? ''}`}
        error={form.errors.length > 0}
      >
        {form.kind === 'conflict' && (
          <NotificationBanner heading="The referral changed while you were withdrawing it. Check it and try again." />
        )}
        <ErrorSummary errors={form.errors} />
        <WarningText>The clinic will not consider a withdrawn referral. You cannot undo this.</WarningText>
        <form onSubmit={onSubmit} noValidate>
          <Textarea
            id="withdraw-reason"
            label="Why are you withdrawing it?"
            hint="The clinic reads this: no addresses, phone numbers or other contact details"
            rows={3}
            value={reason}
            onChange={setReason}
            error={errorFor(form.errors, 'withdraw-reason')}
          />
          <Button warning disabled={form.busy}>
            Withdraw the referral
          </Button>
        </form>
      </Page>
    </>
  );
}
