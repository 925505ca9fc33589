import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { graphql } from '../../generated';
import type { ReferralQuery } from '../../generated/graphql';
import {
  BackLink,
  Button,
  Checkboxes,
  ErrorSummary,
  errorFor,
  Loading,
  NotificationBanner,
  Radios,
  Select,
  SummaryCard,
  SummaryList,
  Tag,
  Textarea,
} from '../../components/govuk';
import { Page } from '../../components/page';
import { formatDate, formatDateTime } from '../../lib/dates';
import { label } from '../../lib/labels';
import { abilities, useMe } from '../../lib/me';
import { SDASH_QUESTIONS } from '../../lib/sdash';
import { useApiForm } from '../../lib/use-api-form';
import { ReferrerLinks } from './change-referral';

const REFERRAL = graphql(`
  query Referral($id: ID!) {
    referral(id: $id) {
      id
      reference
      clinicId
      referrerAgencyId
      status
      urgency
      reason
      behaviours
      crimeReferences
      cjStatus
      sharingBasis
      basisRationale
      tier
      decisionReason
      submittedAt
      screeningDueAt
      decidedAt
      overdue
      version
      subject {
        givenName
        familyName
        dateOfBirth
      }
      victim {
        alias
        givenName
        familyName
        relationshipToSubject
      }
      sdash {
        answers
        score
      }
      questions {
        id
        question
        askedAt
        answer
        answeredAt
      }
      possibleDuplicates {
        kind
        reference
      }
      case {
        id
        reference
      }
    }
    agencies {
      id
      name
    }
  }
`);

const START = graphql(`
  mutation StartScreening($input: ReferralTransitionInput!) {
    startScreening(input: $input) {
      id
      status
      version
    }
  }
`);
const ASK = graphql(`
  mutation RequestMoreInformation($input: RequestMoreInformationInput!) {
    requestMoreInformation(input: $input) {
      id
      status
      version
    }
  }
`);
const ANSWER = graphql(`
  mutation AnswerReferralQuestion($input: AnswerQuestionInput!) {
    answerReferralQuestion(input: $input) {
      id
      status
      version
    }
  }
`);
const ACCEPT = graphql(`
  mutation AcceptReferral($input: AcceptReferralInput!) {
    acceptReferral(input: $input) {
      id
      status
      version
      case {
        id
        reference
      }
    }
  }
`);
const DECLINE = graphql(`
  mutation DeclineReferral($input: ReferralTransitionInput!) {
    declineReferral(input: $input) {
      id
      status
      version
    }
  }
`);

type Referral = ReferralQuery['referral'];

export function ReferralPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const can = abilities(me);
  const location = useLocation();
  const [flash, setFlash] = useState<string | undefined>(
    (location.state as { flash?: string } | null)?.flash,
  );
  const { data, loading, refetch } = useQuery(REFERRAL, { variables: { id } });
  const [start] = useMutation(START);
  const form = useApiForm();
  if (loading && !data) return <Loading what="referral" />;
  const r = data?.referral;
  if (!r) return <Page title="Referral not found">This referral does not exist or you cannot see it.</Page>;
  const agencies = data?.agencies ?? [];
  const agencyName = (aid?: string | null) => agencies.find((a) => a.id === aid)?.name ?? '';
  const staff = can.clinicStaff && me.clinics.some((c) => c.id === r.clinicId);
  const openQuestion = r.questions?.find((q) => !q.answer);
  return (
    <>
      <BackLink to="/referrals">Back to referrals</BackLink>
      <Page
        title={`Referral ${r.reference ?? ''}`}
        caption={agencyName(r.referrerAgencyId)}
        error={form.errors.length > 0}
      >
        {flash && <NotificationBanner success heading={flash} />}
        {form.kind === 'conflict' && (
          <NotificationBanner heading="Someone else changed this referral while you were looking at it. The latest version is shown below." />
        )}
        <ErrorSummary errors={form.errors} />
        <p className="govuk-body">
          <Tag code={r.status} /> <Tag code={r.urgency} />
          {r.overdue && (
            <>
              {' '}
              <Tag code="OVERDUE" text="Screening overdue" />
            </>
          )}
        </p>
        {r.case && (
          <p className="govuk-body">
            Case:{' '}
            <Link className="govuk-link" to={`/cases/${r.case.id}`}>
              {r.case.reference}
            </Link>
          </p>
        )}
        {(r.possibleDuplicates ?? []).length > 0 && (
          <NotificationBanner heading="Possible duplicate">
            <p className="govuk-body">
              The subject may already have a case or referral:{' '}
              {(r.possibleDuplicates ?? []).map((d) => d.reference).join(', ')}.
            </p>
          </NotificationBanner>
        )}
        <ReferrerLinks r={r} agencyId={me.agency.id} />
        <ReferralSummary r={r} />

        {staff && r.status === 'SUBMITTED' && (
          <Button
            type="button"
            onClick={async () => {
              const ok = await form.submit([], () =>
                start({ variables: { input: { id: r.id, expectedVersion: r.version ?? 0 } } }),
              );
              await refetch();
              if (ok) setFlash('Screening started');
            }}
          >
            Start screening
          </Button>
        )}
        {staff && r.status === 'SCREENING' && (
          <Decide r={r} agencies={agencies} onDone={async (m) => (await refetch(), setFlash(m))} />
        )}
        {!staff && r.status === 'MORE_INFO_REQUESTED' && openQuestion && (
          <AnswerForm
            r={r}
            questionId={openQuestion.id}
            question={openQuestion.question ?? ''}
            onDone={async () => (await refetch(), setFlash('Answer sent'))}
          />
        )}
      </Page>
    </>
  );
}

function ReferralSummary({ r }: { r: Referral }) {
  return (
    <>
      <SummaryCard title="Referral">
        <SummaryList
          rows={[
            { key: 'Reason', value: <span className="scp-pre">{r.reason}</span> },
            { key: 'Behaviours', value: (r.behaviours ?? []).map(label).join(', ') || 'None given' },
            { key: 'Crime references', value: (r.crimeReferences ?? []).join(', ') || 'None given' },
            { key: 'Criminal justice status', value: label(r.cjStatus) },
            {
              key: 'Basis for sharing',
              value: `${label(r.sharingBasis)}${r.basisRationale ? `: ${r.basisRationale}` : ''}`,
            },
            r.submittedAt ? { key: 'Sent', value: formatDateTime(r.submittedAt) } : null,
            r.screeningDueAt ? { key: 'Screening due by', value: formatDateTime(r.screeningDueAt) } : null,
            r.decisionReason ? { key: 'Decision', value: r.decisionReason } : null,
            r.tier ? { key: 'Accepted as', value: label(r.tier) } : null,
          ]}
        />
      </SummaryCard>
      {r.subject && (
        <SummaryCard title="Subject">
          <SummaryList
            rows={[
              {
                key: 'Name',
                value: [r.subject.givenName, r.subject.familyName].filter(Boolean).join(' ') || 'Not given',
              },
              {
                key: 'Date of birth',
                value: r.subject.dateOfBirth ? formatDate(r.subject.dateOfBirth) : 'Not given',
              },
            ]}
          />
        </SummaryCard>
      )}
      {r.victim && (
        <SummaryCard title="Victim">
          <SummaryList
            rows={[
              {
                key: 'Name',
                value:
                  [r.victim.givenName, r.victim.familyName].filter(Boolean).join(' ') ||
                  r.victim.alias ||
                  'Not given',
              },
              r.victim.relationshipToSubject
                ? { key: 'Relationship to the subject', value: r.victim.relationshipToSubject }
                : null,
            ]}
          />
        </SummaryCard>
      )}
      {r.sdash && (
        <SummaryCard title={`S-DASH: ${r.sdash.score ?? 0} of 11`}>
          <SummaryList
            rows={SDASH_QUESTIONS.map((q, i) => ({ key: q, value: r.sdash!.answers?.[i] ? 'Yes' : 'No' }))}
          />
        </SummaryCard>
      )}
      {(r.questions ?? []).length > 0 && (
        <SummaryCard title="Questions from the clinic">
          <SummaryList
            rows={(r.questions ?? []).map((q) => ({
              key: q.question,
              value: q.answer ? `${q.answer} (answered ${formatDateTime(q.answeredAt)})` : 'Not answered yet',
            }))}
          />
        </SummaryCard>
      )}
    </>
  );
}

function Decide({
  r,
  agencies,
  onDone,
}: {
  r: Referral;
  agencies: { id: string; name: string }[];
  onDone: (message: string) => unknown;
}) {
  const [decision, setDecision] = useState('');
  const [question, setQuestion] = useState('');
  const [reason, setReason] = useState('');
  const [tier, setTier] = useState('CLINIC_CASE');
  const [lead, setLead] = useState(r.referrerAgencyId ?? '');
  const [participants, setParticipants] = useState<string[]>(r.referrerAgencyId ? [r.referrerAgencyId] : []);
  const [ask] = useMutation(ASK);
  const [accept] = useMutation(ACCEPT);
  const [decline] = useMutation(DECLINE);
  const form = useApiForm({
    question: 'question',
    reason: 'reason',
    participantAgencyIds: 'participants',
    leadAgencyId: 'lead',
  });
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const local = [];
    if (!decision) local.push({ field: 'decision', message: 'Select what you want to do with the referral' });
    if (decision === 'ask' && !question.trim())
      local.push({ field: 'question', message: 'Enter the information you need' });
    if (decision === 'decline' && !reason.trim())
      local.push({ field: 'reason', message: 'Enter why the referral is declined' });
    if (decision === 'accept' && participants.length === 0)
      local.push({ field: 'participants', message: 'Select the agencies that take part in the case' });
    const base = { id: r.id, expectedVersion: r.version ?? 0 };
    const ok = await form.submit(local, async () => {
      if (decision === 'ask') await ask({ variables: { input: { ...base, question: question.trim() } } });
      if (decision === 'decline') await decline({ variables: { input: { ...base, reason: reason.trim() } } });
      if (decision === 'accept')
        await accept({
          variables: {
            input: {
              ...base,
              tier: tier as 'CLINIC_CASE',
              leadAgencyId: lead || undefined,
              participantAgencyIds: Array.from(new Set([...participants, ...(lead ? [lead] : [])])),
            },
          },
        });
    });
    if (ok)
      await onDone(
        decision === 'ask'
          ? 'Question sent to the referrer'
          : decision === 'accept'
            ? 'Referral accepted'
            : 'Referral declined',
      );
  };
  return (
    <form onSubmit={onSubmit} noValidate>
      <h2 className="govuk-heading-m">Screening decision</h2>
      <ErrorSummary errors={form.errors} />
      <Radios
        id="decision"
        label="What do you want to do?"
        value={decision}
        onChange={setDecision}
        error={errorFor(form.errors, 'decision')}
        options={[
          { value: 'accept', text: 'Accept the referral' },
          { value: 'ask', text: 'Ask the referrer for more information' },
          { value: 'decline', text: 'Decline the referral' },
        ]}
      />
      {decision === 'ask' && (
        <Textarea
          id="question"
          label="What information do you need?"
          value={question}
          onChange={setQuestion}
          error={errorFor(form.errors, 'question')}
        />
      )}
      {decision === 'decline' && (
        <Textarea
          id="reason"
          label="Why is the referral declined?"
          value={reason}
          onChange={setReason}
          error={errorFor(form.errors, 'reason')}
        />
      )}
      {decision === 'accept' && (
        <>
          <Radios
            id="tier"
            label="Accept as"
            value={tier}
            onChange={setTier}
            options={[
              { value: 'CLINIC_CASE', text: 'A clinic case', hint: 'Listed for review at the clinic' },
              { value: 'CONSULTATION_ONLY', text: 'Consultation only', hint: 'Advice, then the case closes' },
            ]}
          />
          <Select
            id="lead"
            label="Lead agency"
            value={lead}
            onChange={setLead}
            error={errorFor(form.errors, 'lead')}
            options={agencies.map((a) => ({ value: a.id, text: a.name }))}
          />
          <Checkboxes
            id="participants"
            label="Agencies that take part in the case"
            values={participants}
            onChange={setParticipants}
            error={errorFor(form.errors, 'participants')}
            options={agencies.map((a) => ({ value: a.id, text: a.name }))}
          />
        </>
      )}
      <Button disabled={form.busy}>Confirm the decision</Button>
    </form>
  );
}

function AnswerForm({
  r,
  questionId,
  question,
  onDone,
}: {
  r: Referral;
  questionId: string;
  question: string;
  onDone: () => unknown;
}) {
  const [answer, setAnswer] = useState('');
  const [send] = useMutation(ANSWER);
  const form = useApiForm({ answer: 'answer' });
  return (
    <form
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const ok = await form.submit(
          answer.trim() ? [] : [{ field: 'answer', message: 'Enter your answer' }],
          () =>
            send({
              variables: { input: { questionId, expectedVersion: r.version ?? 0, answer: answer.trim() } },
            }),
        );
        if (ok) await onDone();
      }}
    >
      <h2 className="govuk-heading-m">The clinic asked for more information</h2>
      <ErrorSummary errors={form.errors} />
      <Textarea
        id="answer"
        label={question}
        value={answer}
        onChange={setAnswer}
        error={errorFor(form.errors, 'answer')}
      />
      <Button disabled={form.busy}>Send the answer</Button>
    </form>
  );
}
