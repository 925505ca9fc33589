import { createContext, useContext, useState, type ReactNode } from 'react';
import { Link, Route, Routes, useNavigate } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { graphql } from '../../generated';
import type {
  ReferralBehaviour,
  ReferralCriminalJusticeStatus,
  ReferralSharingBasis,
} from '../../generated/graphql';
import {
  BackLink,
  Button,
  Checkboxes,
  DateInput,
  ErrorSummary,
  errorFor,
  Radios,
  Select,
  SummaryCard,
  SummaryList,
  Textarea,
  TextInput,
} from '../../components/govuk';
import { Page } from '../../components/page';
import { datePartsToIso, formatDate, type DateParts } from '../../lib/dates';
import type { FormError } from '../../lib/errors';
import { label } from '../../lib/labels';
import { SDASH_QUESTIONS, sdashScore } from '../../lib/sdash';
import { useApiForm } from '../../lib/use-api-form';

const CLINICS = graphql(`
  query ReferralClinics {
    clinics {
      id
      name
      active
    }
  }
`);
const CREATE = graphql(`
  mutation CreateReferral($input: CreateReferralInput!) {
    createReferral(input: $input) {
      id
      version
    }
  }
`);
const SUBMIT = graphql(`
  mutation SubmitReferral($input: ReferralTransitionInput!) {
    submitReferral(input: $input) {
      id
      reference
      status
    }
  }
`);

export const BEHAVIOURS: ReferralBehaviour[] = [
  'FOLLOWING',
  'UNWANTED_CONTACT',
  'LOITERING',
  'ONLINE',
  'PROPERTY_DAMAGE',
  'THREATS',
  'THIRD_PARTY_TARGETING',
  'SURVEILLANCE',
  'GIFTS',
  'OTHER',
];
const CJ: ReferralCriminalJusticeStatus[] = [
  'PRE_ARREST',
  'UNDER_INVESTIGATION',
  'RELEASED_UNDER_INVESTIGATION',
  'ON_BAIL',
  'CHARGED',
  'AWAITING_TRIAL',
  'CONVICTED',
  'ON_LICENCE',
  'NO_FURTHER_ACTION',
  'ACQUITTED',
];
export const BASES: { value: ReferralSharingBasis; text: string; hint: string }[] = [
  {
    value: 'CONSENT',
    text: 'The victim consented',
    hint: 'They agreed to their information being shared with the clinic',
  },
  {
    value: 'CONSENT_REFUSED_OVERRIDDEN',
    text: 'Consent refused, overridden',
    hint: 'The risk justifies sharing without consent',
  },
  { value: 'NOT_SOUGHT_RISK', text: 'Consent not sought', hint: 'Asking would increase the risk' },
  {
    value: 'STATUTORY_GATEWAY',
    text: 'Statutory gateway',
    hint: 'For example, Crime and Disorder Act 1998 section 115',
  },
];

interface Draft {
  clinicId: string;
  urgency: 'ROUTINE' | 'URGENT' | '';
  reason: string;
  behaviours: string[];
  crimeReferences: string;
  subjectGiven: string;
  subjectFamily: string;
  subjectDob: DateParts;
  victimGiven: string;
  victimFamily: string;
  victimRelationship: string;
  cjStatus: string;
  sharingBasis: string;
  basisRationale: string;
  sdash: ('yes' | 'no' | '')[];
}

const EMPTY: Draft = {
  clinicId: '',
  urgency: '',
  reason: '',
  behaviours: [],
  crimeReferences: '',
  subjectGiven: '',
  subjectFamily: '',
  subjectDob: { day: '', month: '', year: '' },
  victimGiven: '',
  victimFamily: '',
  victimRelationship: '',
  cjStatus: '',
  sharingBasis: '',
  basisRationale: '',
  sdash: SDASH_QUESTIONS.map(() => ''),
};

/** The draft lives in memory only: nothing about the victim is written to the browser's storage. */
const DraftContext = createContext<{ draft: Draft; set: (d: Partial<Draft>) => void } | null>(null);
const useDraft = () => useContext(DraftContext)!;

type StepPath = '' | 'reason' | 'subject' | 'victim' | 'sharing' | 'sdash' | 'check';
const path = (step: StepPath) => `/referrals/new${step ? `/${step}` : ''}`;

/** Make a referral: one question per page, then "check your answers". */
export function MakeReferralPage() {
  const [draft, setDraft] = useState<Draft>(EMPTY);
  return (
    <DraftContext.Provider value={{ draft, set: (d) => setDraft((x) => ({ ...x, ...d })) }}>
      <Routes>
        <Route index element={<ClinicStep />} />
        <Route path="reason" element={<ReasonStep />} />
        <Route path="subject" element={<SubjectStep />} />
        <Route path="victim" element={<VictimStep />} />
        <Route path="sharing" element={<SharingStep />} />
        <Route path="sdash" element={<SdashStep />} />
        <Route path="check" element={<CheckStep />} />
        <Route path="done/:reference" element={<Done />} />
      </Routes>
    </DraftContext.Provider>
  );
}

function Step({
  title,
  back,
  next,
  validate,
  children,
}: {
  title: string;
  back: string;
  next: string;
  validate: () => FormError[];
  children: (errors: FormError[]) => ReactNode;
}) {
  const navigate = useNavigate();
  const [errors, setErrors] = useState<FormError[]>([]);
  return (
    <>
      <BackLink to={back} />
      <Page title={title} caption="Make a referral" error={errors.length > 0}>
        <ErrorSummary errors={errors} />
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const found = validate();
            setErrors(found);
            if (!found.length) navigate(next);
          }}
        >
          {children(errors)}
          <Button>Continue</Button>
        </form>
      </Page>
    </>
  );
}

function ClinicStep() {
  const { draft, set } = useDraft();
  const { data } = useQuery(CLINICS);
  const clinics = (data?.clinics ?? []).filter((c) => c.active);
  return (
    <Step
      title="Which clinic are you referring to?"
      back="/"
      next={path('reason')}
      validate={() => [
        ...(!draft.clinicId ? [{ field: 'clinic', message: 'Select the clinic' }] : []),
        ...(!draft.urgency ? [{ field: 'urgency', message: 'Select how urgent the referral is' }] : []),
      ]}
    >
      {(errors) => (
        <>
          <Radios
            id="clinic"
            label="Clinic"
            value={draft.clinicId}
            onChange={(v) => set({ clinicId: v })}
            error={errorFor(errors, 'clinic')}
            options={clinics.map((c) => ({ value: c.id, text: c.name }))}
          />
          <Radios
            id="urgency"
            label="How urgent is it?"
            value={draft.urgency}
            onChange={(v) => set({ urgency: v as Draft['urgency'] })}
            error={errorFor(errors, 'urgency')}
            options={[
              { value: 'ROUTINE', text: 'Routine' },
              {
                value: 'URGENT',
                text: 'Urgent',
                hint: 'The clinic screens urgent referrals within 1 working day',
              },
            ]}
          />
        </>
      )}
    </Step>
  );
}

function ReasonStep() {
  const { draft, set } = useDraft();
  return (
    <Step
      title="Why are you referring this case?"
      back={path('')}
      next={path('subject')}
      validate={() =>
        !draft.reason.trim() ? [{ field: 'reason', message: 'Enter why you are referring the case' }] : []
      }
    >
      {(errors) => (
        <>
          <Textarea
            id="reason"
            label="Reason for the referral"
            hint="Do not include the victim’s address or phone number"
            value={draft.reason}
            onChange={(v) => set({ reason: v })}
            error={errorFor(errors, 'reason')}
          />
          <Checkboxes
            id="behaviours"
            label="What has the subject done?"
            hint="Select all that apply"
            values={draft.behaviours}
            onChange={(v) => set({ behaviours: v })}
            options={BEHAVIOURS.map((b) => ({ value: b, text: label(b) }))}
          />
          <Textarea
            id="crimes"
            label="Crime references (optional)"
            hint="One on each line, from your force’s records system"
            rows={3}
            value={draft.crimeReferences}
            onChange={(v) => set({ crimeReferences: v })}
          />
        </>
      )}
    </Step>
  );
}

function SubjectStep() {
  const { draft, set } = useDraft();
  return (
    <Step
      title="Who is the subject?"
      back={path('reason')}
      next={path('victim')}
      validate={() => {
        const e: FormError[] = [];
        if (!draft.subjectFamily.trim())
          e.push({ field: 'subject-family', message: 'Enter the subject’s family name' });
        const d = draft.subjectDob;
        if (d.day || d.month || d.year) {
          const r = datePartsToIso(d, 'date of birth');
          if (r.error) e.push({ field: 'subject-dob', message: r.error });
        }
        return e;
      }}
    >
      {(errors) => (
        <>
          <p className="govuk-body">The person whose behaviour you are referring.</p>
          <TextInput
            id="subject-given"
            label="Given name"
            value={draft.subjectGiven}
            onChange={(v) => set({ subjectGiven: v })}
          />
          <TextInput
            id="subject-family"
            label="Family name"
            value={draft.subjectFamily}
            onChange={(v) => set({ subjectFamily: v })}
            error={errorFor(errors, 'subject-family')}
          />
          <DateInput
            id="subject-dob"
            label="Date of birth (optional)"
            hint="For example, 27 3 1985"
            value={draft.subjectDob}
            onChange={(v) => set({ subjectDob: v })}
            error={errorFor(errors, 'subject-dob')}
          />
        </>
      )}
    </Step>
  );
}

function VictimStep() {
  const { draft, set } = useDraft();
  return (
    <Step title="Who is the victim?" back={path('subject')} next={path('sharing')} validate={() => []}>
      {() => (
        <>
          <p className="govuk-body">
            Only agencies allowed to know the victim’s identity will see it. Their address is not asked for
            here.
          </p>
          <TextInput
            id="victim-given"
            label="Given name (optional)"
            value={draft.victimGiven}
            onChange={(v) => set({ victimGiven: v })}
          />
          <TextInput
            id="victim-family"
            label="Family name (optional)"
            value={draft.victimFamily}
            onChange={(v) => set({ victimFamily: v })}
          />
          <TextInput
            id="victim-relationship"
            label="Relationship to the subject (optional)"
            hint="For example, former partner"
            value={draft.victimRelationship}
            onChange={(v) => set({ victimRelationship: v })}
          />
        </>
      )}
    </Step>
  );
}

function SharingStep() {
  const { draft, set } = useDraft();
  return (
    <Step
      title="Criminal justice status and the basis for sharing"
      back={path('victim')}
      next={path('sdash')}
      validate={() => {
        const e: FormError[] = [];
        if (!draft.cjStatus) e.push({ field: 'cj-status', message: 'Select the criminal justice status' });
        if (!draft.sharingBasis) e.push({ field: 'basis', message: 'Select the basis for sharing' });
        if (draft.sharingBasis && draft.sharingBasis !== 'CONSENT' && !draft.basisRationale.trim())
          e.push({ field: 'rationale', message: 'Enter why sharing without consent is lawful' });
        return e;
      }}
    >
      {(errors) => (
        <>
          <Select
            id="cj-status"
            label="Criminal justice status"
            value={draft.cjStatus}
            onChange={(v) => set({ cjStatus: v })}
            error={errorFor(errors, 'cj-status')}
            options={[
              { value: '', text: 'Choose a status' },
              ...CJ.map((c) => ({ value: c, text: label(c) })),
            ]}
          />
          <Radios
            id="basis"
            label="Basis for sharing"
            value={draft.sharingBasis}
            onChange={(v) => set({ sharingBasis: v })}
            error={errorFor(errors, 'basis')}
            options={BASES}
          />
          <Textarea
            id="rationale"
            label="Rationale"
            hint="Needed unless the victim consented"
            rows={3}
            value={draft.basisRationale}
            onChange={(v) => set({ basisRationale: v })}
            error={errorFor(errors, 'rationale')}
          />
        </>
      )}
    </Step>
  );
}

function SdashStep() {
  const { draft, set } = useDraft();
  return (
    <Step
      title="S-DASH screening"
      back={path('sharing')}
      next={path('check')}
      validate={() =>
        draft.sdash.flatMap((a, i) =>
          a ? [] : [{ field: `sdash-${i + 1}`, message: `Answer question ${i + 1}: ${SDASH_QUESTIONS[i]}` }],
        )
      }
    >
      {(errors) => (
        <>
          <p className="govuk-body">Answer all 11 questions.</p>
          {SDASH_QUESTIONS.map((q, i) => (
            <Radios
              key={q}
              id={`sdash-${i + 1}`}
              label={`${i + 1}. ${q}`}
              inline
              value={draft.sdash[i]!}
              onChange={(v) => set({ sdash: draft.sdash.map((x, j) => (j === i ? (v as 'yes' | 'no') : x)) })}
              error={errorFor(errors, `sdash-${i + 1}`)}
              options={[
                { value: 'yes', text: 'Yes' },
                { value: 'no', text: 'No' },
              ]}
            />
          ))}
        </>
      )}
    </Step>
  );
}

function CheckStep() {
  const { draft } = useDraft();
  const navigate = useNavigate();
  const { data } = useQuery(CLINICS);
  const [create] = useMutation(CREATE);
  const [submitReferral] = useMutation(SUBMIT);
  const form = useApiForm({ reason: 'reason', basisRationale: 'rationale' });
  const dob = datePartsToIso(draft.subjectDob, 'date of birth').value;
  const answers = draft.sdash.map((a) => a === 'yes');
  const change = (to: string, what: string) => ({ to, text: 'Change', hidden: what });
  const send = async () => {
    let reference: string | undefined;
    const missing: FormError[] = [];
    if (!draft.clinicId || !draft.urgency)
      missing.push({ message: 'Choose the clinic and how urgent the referral is' });
    if (!draft.reason.trim()) missing.push({ message: 'Enter why you are referring the case' });
    if (!draft.cjStatus || !draft.sharingBasis)
      missing.push({ message: 'Choose the criminal justice status and the basis for sharing' });
    if (draft.sdash.some((a) => !a)) missing.push({ message: 'Answer all 11 S-DASH questions' });
    const ok = await form.submit(missing, async () => {
      const created = await create({
        variables: {
          input: {
            clinicId: draft.clinicId,
            urgency: draft.urgency as 'ROUTINE',
            reason: draft.reason.trim(),
            behaviours: draft.behaviours as ReferralBehaviour[],
            crimeReferences: draft.crimeReferences
              .split('\n')
              .map((s) => s.trim())
              .filter(Boolean),
            cjStatus: draft.cjStatus as ReferralCriminalJusticeStatus,
            sharingBasis: draft.sharingBasis as ReferralSharingBasis,
            basisRationale: draft.basisRationale.trim() || undefined,
            subject: {
              givenName: draft.subjectGiven.trim() || undefined,
              familyName: draft.subjectFamily.trim() || undefined,
              dateOfBirth: dob,
            },
            victim:
              draft.victimGiven || draft.victimFamily || draft.victimRelationship
                ? {
                    givenName: draft.victimGiven.trim() || undefined,
                    familyName: draft.victimFamily.trim() || undefined,
                    relationshipToSubject: draft.victimRelationship.trim() || undefined,
                  }
                : undefined,
            sdash: { answers },
          },
        },
      });
      const r = created.data!.createReferral;
      const sent = await submitReferral({
        variables: { input: { id: r.id, expectedVersion: r.version ?? 1 } },
      });
      reference = sent.data?.submitReferral.reference ?? '';
    });
    if (ok) navigate(`/referrals/new/done/${encodeURIComponent(reference ?? '')}`, { replace: true });
  };
  return (
    <>
      <BackLink to={path('sdash')} />
      <Page title="Check your answers before sending the referral" error={form.errors.length > 0}>
        <ErrorSummary errors={form.errors} />
        <SummaryCard title="Referral">
          <SummaryList
            rows={[
              {
                key: 'Clinic',
                value: data?.clinics.find((c) => c.id === draft.clinicId)?.name ?? '',
                action: change(path(''), 'clinic'),
              },
              { key: 'Urgency', value: label(draft.urgency), action: change(path(''), 'urgency') },
              {
                key: 'Reason',
                value: <span className="scp-pre">{draft.reason}</span>,
                action: change(path('reason'), 'reason'),
              },
              {
                key: 'Behaviours',
                value: draft.behaviours.map(label).join(', ') || 'None',
                action: change(path('reason'), 'behaviours'),
              },
              {
                key: 'Crime references',
                value: draft.crimeReferences.trim() || 'None',
                action: change(path('reason'), 'crime references'),
              },
            ]}
          />
        </SummaryCard>
        <SummaryCard title="People">
          <SummaryList
            rows={[
              {
                key: 'Subject',
                value: [draft.subjectGiven, draft.subjectFamily].filter(Boolean).join(' '),
                action: change(path('subject'), 'subject'),
              },
              {
                key: 'Subject’s date of birth',
                value: dob ? formatDate(dob) : 'Not given',
                action: change(path('subject'), 'date of birth'),
              },
              {
                key: 'Victim',
                value: [draft.victimGiven, draft.victimFamily].filter(Boolean).join(' ') || 'Not given',
                action: change(path('victim'), 'victim'),
              },
              {
                key: 'Relationship',
                value: draft.victimRelationship || 'Not given',
                action: change(path('victim'), 'relationship'),
              },
            ]}
          />
        </SummaryCard>
        <SummaryCard title="Sharing and screening">
          <SummaryList
            rows={[
              {
                key: 'Criminal justice status',
                value: label(draft.cjStatus),
                action: change(path('sharing'), 'criminal justice status'),
              },
              {
                key: 'Basis for sharing',
                value: label(draft.sharingBasis),
                action: change(path('sharing'), 'basis for sharing'),
              },
              {
                key: 'Rationale',
                value: draft.basisRationale || 'None',
                action: change(path('sharing'), 'rationale'),
              },
              {
                key: 'S-DASH score',
                value: `${sdashScore(answers)} of 11`,
                action: change(path('sdash'), 'S-DASH answers'),
              },
            ]}
          />
        </SummaryCard>
        <h2 className="govuk-heading-m">Now send the referral</h2>
        <p className="govuk-body">
          By sending it you confirm that the information is accurate and that sharing it is lawful.
        </p>
        <Button type="button" onClick={() => void send()} disabled={form.busy}>
          Send the referral
        </Button>
      </Page>
    </>
  );
}

function Done() {
  const reference = decodeURIComponent(window.location.pathname.split('/').pop() ?? '');
  return (
    <Page title="Referral sent">
      <div className="govuk-panel govuk-panel--confirmation">
        <h2 className="govuk-panel__title">Referral sent</h2>
        <div className="govuk-panel__body">
          Your reference
          <br />
          <strong data-testid="referral-reference">{reference}</strong>
        </div>
      </div>
      <p className="govuk-body">
        The clinic will screen it. Urgent referrals are screened within 1 working day.
      </p>
      <p className="govuk-body">
        <Link className="govuk-link" to="/referrals">
          See your agency’s referrals
        </Link>
      </p>
    </Page>
  );
}
