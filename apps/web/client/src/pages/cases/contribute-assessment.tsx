import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { graphql } from '../../generated';
import type { AnswerValue, JudgementLevel, RiskTool } from '../../generated/graphql';
import {
  BackLink,
  Button,
  DateInput,
  ErrorSummary,
  errorFor,
  Radios,
  Textarea,
  TextInput,
} from '../../components/govuk';
import { Page } from '../../components/page';
import { datePartsToIso, formatDate, isoToDateParts, londonToday, type DateParts } from '../../lib/dates';
import type { FormError } from '../../lib/errors';
import { label } from '../../lib/labels';
import { useMe } from '../../lib/me';
import { SDASH_QUESTIONS } from '../../lib/sdash';
import { useApiForm } from '../../lib/use-api-form';
import { ContributionOfferCheckbox, useContributionOffer } from '../meetings/contribution-offer';

const CASE_REF = graphql(`
  query CaseReference($id: ID!) {
    case(id: $id) {
      id
      reference
    }
  }
`);
const CREATE = graphql(`
  mutation CreateAssessment($input: CreateAssessmentInput!) {
    createAssessment(input: $input) {
      id
      version
    }
  }
`);
const SUBMIT = graphql(`
  mutation SubmitAssessment($input: SubmitAssessmentInput!) {
    submitAssessment(input: $input) {
      id
      status
    }
  }
`);

/** The tools each kind of agency uses (the API checks again). */
const TOOLS_BY_AGENCY: Record<string, RiskTool[]> = {
  POLICE: ['S_DASH', 'DASH_RIC', 'SASH', 'SAM'],
  HEALTH: ['SRP', 'SAM', 'SASH'],
};
const DOMAINS = [
  ['violence', 'Violence'],
  ['persistence', 'Persistence'],
  ['recurrence', 'Recurrence'],
  ['psychosocialDamage', 'Psychosocial damage'],
] as const;

/** An agency's assessment before a meeting: S-DASH answers or structured judgements, then submitted. */
export function ContributeAssessmentPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const navigate = useNavigate();
  const { data } = useQuery(CASE_REF, { variables: { id } });
  const tools = TOOLS_BY_AGENCY[me.agency.type] ?? [];
  const [tool, setTool] = useState<RiskTool | ''>(tools.length === 1 ? tools[0]! : '');
  const [version, setVersion] = useState('');
  const [assessedOn, setAssessedOn] = useState<DateParts>(isoToDateParts(londonToday()));
  const [answers, setAnswers] = useState<string[]>(SDASH_QUESTIONS.map(() => ''));
  const [judgements, setJudgements] = useState<Record<string, string>>({});
  const [concern, setConcern] = useState('');
  const [score, setScore] = useState('');
  const [rationale, setRationale] = useState('');
  const [create] = useMutation(CREATE);
  const [submitAssessment] = useMutation(SUBMIT, { refetchQueries: ['CasePage'] });
  const contribution = useContributionOffer(id, me.agency.id);
  // Offered, and ticked unless the practitioner unticks it: an assessment written for a listed
  // case is usually what the agency wants the clinic to read.
  const [asContribution, setAsContribution] = useState(true);
  const form = useApiForm({
    toolVersion: 'version',
    assessedOn: 'assessed-on',
    rationale: 'rationale',
    sDashAnswers: 'sdash-1',
    score: 'score',
  });
  const judgementTool = tool === 'SRP' || tool === 'SAM';

  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const local: FormError[] = [];
    if (!tool) local.push({ field: 'tool', message: 'Select the tool you used' });
    if (!version.trim())
      local.push({ field: 'version', message: 'Enter the version or edition of the tool' });
    const d = datePartsToIso(assessedOn, 'the date of the assessment');
    if (d.error) local.push({ field: 'assessed-on', message: d.error });
    else if (d.value! > londonToday())
      local.push({
        field: 'assessed-on',
        message: 'The date of the assessment must be today or in the past',
      });
    if (tool === 'S_DASH')
      answers.forEach(
        (a, i) =>
          !a &&
          local.push({ field: `sdash-${i + 1}`, message: `Answer question ${i + 1}: ${SDASH_QUESTIONS[i]}` }),
      );
    if (judgementTool)
      DOMAINS.forEach(
        ([k, text]) =>
          !judgements[k] &&
          local.push({ field: `judgement-${k}`, message: `Select your judgement of ${text.toLowerCase()}` }),
      );
    if (tool === 'SASH' && !concern) local.push({ field: 'concern', message: 'Select the level of concern' });
    if (tool === 'DASH_RIC' && !/^\d+$/.test(score.trim()))
      local.push({ field: 'score', message: 'Enter the DASH RIC score as a number' });
    if (!rationale.trim())
      local.push({ field: 'rationale', message: 'Enter the reasons for your judgement' });
    let contributionSent: boolean | null = null;
    const ok = await form.submit(local, async () => {
      const created = await create({
        variables: {
          input: {
            caseId: id,
            tool: tool as RiskTool,
            toolVersion: version.trim(),
            assessedOn: d.value!,
            rationale: rationale.trim(),
            sDashAnswers:
              tool === 'S_DASH'
                ? answers.map((a, i) => ({ question: i + 1, answer: a as AnswerValue }))
                : undefined,
            judgements: judgementTool
              ? {
                  violence: judgements.violence as JudgementLevel,
                  persistence: judgements.persistence as JudgementLevel,
                  recurrence: judgements.recurrence as JudgementLevel,
                  psychosocialDamage: judgements.psychosocialDamage as JudgementLevel,
                }
              : undefined,
            concernLevel: tool === 'SASH' ? (concern as 'LOW') : undefined,
            score: tool === 'DASH_RIC' ? Number(score) : undefined,
            answersCount: tool === 'DASH_RIC' ? 27 : undefined,
          },
        },
      });
      const a = created.data!.createAssessment;
      await submitAssessment({ variables: { input: { id: a.id, expectedVersion: a.version ?? 1 } } });
      if (contribution.offer && asContribution)
        contributionSent = await Promise.resolve(
          contribution.send(
            `Our ${label(tool)} assessment of ${formatDate(d.value!)} is our contribution: see the case's risk assessments.`,
          ),
        ).then(
          () => true,
          () => false,
        );
    });
    const flash =
      contributionSent === true
        ? `${label(tool)} assessment submitted and sent as your agency’s contribution`
        : contributionSent === false
          ? `${label(tool)} assessment submitted. Your contribution was not sent: send it from the meeting page`
          : `${label(tool)} assessment submitted`;
    if (ok) navigate(`/cases/${id}`, { state: { flash } });
  };

  return (
    <>
      <BackLink to={`/cases/${id}`}>Back to the case</BackLink>
      <Page
        title="Contribute your agency’s assessment"
        caption={data?.case.reference ? `Case ${data.case.reference}` : undefined}
        error={form.errors.length > 0}
      >
        <ErrorSummary errors={form.errors} />
        {tools.length === 0 ? (
          <p className="govuk-body">Your agency does not record risk assessments in this service.</p>
        ) : (
          <form onSubmit={onSubmit} noValidate>
            <Radios
              id="tool"
              label="Which tool did you use?"
              value={tool}
              onChange={(v) => setTool(v as RiskTool)}
              error={errorFor(form.errors, 'tool')}
              options={tools.map((t) => ({ value: t, text: label(t) }))}
            />
            <TextInput
              id="version"
              label="Version or edition of the tool"
              hint="For example, 2nd edition"
              width="10"
              value={version}
              onChange={setVersion}
              error={errorFor(form.errors, 'version')}
            />
            <DateInput
              id="assessed-on"
              label="Date of the assessment"
              value={assessedOn}
              onChange={setAssessedOn}
              error={errorFor(form.errors, 'assessed-on')}
            />
            {tool === 'S_DASH' &&
              SDASH_QUESTIONS.map((q, i) => (
                <Radios
                  key={q}
                  id={`sdash-${i + 1}`}
                  label={`${i + 1}. ${q}`}
                  inline
                  value={answers[i]!}
                  onChange={(v) => setAnswers(answers.map((x, j) => (j === i ? v : x)))}
                  error={errorFor(form.errors, `sdash-${i + 1}`)}
                  options={[
                    { value: 'YES', text: 'Yes' },
                    { value: 'NO', text: 'No' },
                    { value: 'UNKNOWN', text: 'Not known' },
                  ]}
                />
              ))}
            {judgementTool &&
              DOMAINS.map(([k, text]) => (
                <Radios
                  key={k}
                  id={`judgement-${k}`}
                  label={text}
                  inline
                  value={judgements[k] ?? ''}
                  onChange={(v) => setJudgements({ ...judgements, [k]: v })}
                  error={errorFor(form.errors, `judgement-${k}`)}
                  options={['LOW', 'MODERATE', 'HIGH'].map((l) => ({ value: l, text: label(l) }))}
                />
              ))}
            {tool === 'SASH' && (
              <Radios
                id="concern"
                label="Level of concern"
                inline
                value={concern}
                onChange={setConcern}
                error={errorFor(form.errors, 'concern')}
                options={['LOW', 'MEDIUM', 'HIGH'].map((l) => ({ value: l, text: label(l) }))}
              />
            )}
            {tool === 'DASH_RIC' && (
              <TextInput
                id="score"
                label="DASH RIC score"
                hint="14 or more is high risk"
                width="3"
                inputMode="numeric"
                value={score}
                onChange={setScore}
                error={errorFor(form.errors, 'score')}
              />
            )}
            <Textarea
              id="rationale"
              label="Reasons for your judgement"
              hint="Do not include the victim’s address or phone number"
              value={rationale}
              onChange={setRationale}
              error={errorFor(form.errors, 'rationale')}
            />
            {contribution.offer && (
              <ContributionOfferCheckbox
                offer={contribution.offer}
                what="assessment"
                checked={asContribution}
                onChange={setAsContribution}
              />
            )}
            <Button disabled={form.busy}>Submit the assessment</Button>
          </form>
        )}
      </Page>
    </>
  );
}
