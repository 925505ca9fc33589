import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { graphql } from '../../generated';
import type { AgreedRiskQuery } from '../../generated/graphql';
import {
  BackLink,
  Button,
  Checkboxes,
  ErrorSummary,
  errorFor,
  Loading,
  NotificationBanner,
  Radios,
  SummaryList,
  Tag,
  Textarea,
} from '../../components/govuk';
import { Page } from '../../components/page';
import { formatDate, formatDateTime } from '../../lib/dates';
import { label } from '../../lib/labels';
import { abilities, useMe, type Me } from '../../lib/me';
import { useApiForm } from '../../lib/use-api-form';

export const AGREED_RISK = graphql(`
  query AgreedRisk($id: ID!) {
    case(id: $id) {
      id
      reference
      version
      status
      clinic {
        id
      }
      agreedRiskLevel
      riskHistory {
        id
        level
        rationale
        agreedAt
        agreedByAgency {
          name
        }
        citedAssessments {
          id
          tool
          assessedOn
          authorAgency {
            name
          }
        }
      }
      assessments {
        id
        tool
        status
        assessedOn
        authorAgency {
          name
        }
      }
    }
  }
`);
const AGREE = graphql(`
  mutation AgreeRiskLevel($input: AgreeRiskLevelInput!) {
    agreeRiskLevel(input: $input) {
      id
      version
      agreedRiskLevel
    }
  }
`);

type Assessment = {
  tool?: string | null;
  assessedOn?: string | null;
  authorAgency?: { name: string } | null;
};
export const assessmentName = (a: Assessment) =>
  `${label(a.tool)} by ${a.authorAgency?.name ?? 'an agency'}${a.assessedOn ? `, ${formatDate(a.assessedOn)}` : ''}`;

/**
 * Whether the reader may record the clinic's agreed risk level: as the API has it, a chair of
 * the case's own clinic (the API also checks the role is bound to that clinic and D1 write).
 */
export const mayAgreeRisk = (me: Me, clinicId?: string | null) =>
  abilities(me).chair && !!clinicId && me.clinics.some((c) => c.id === clinicId);

type Case = NonNullable<AgreedRiskQuery['case']>;

/** The current agreed level, its rationale and the assessments it cites. */
export function CurrentAgreedRisk({ c }: { c: Case }) {
  const latest = c.riskHistory?.[0];
  if (!latest) return <p className="govuk-body">No risk level has been agreed for this case yet.</p>;
  return (
    <SummaryList
      rows={[
        { key: 'Agreed risk level', value: <Tag code={latest.level} /> },
        { key: 'Rationale', value: <span className="scp-pre">{latest.rationale}</span> },
        {
          key: 'Assessments cited',
          value: latest.citedAssessments?.length ? (
            <ul className="govuk-list">
              {latest.citedAssessments.map((a) => (
                <li key={a.id}>{assessmentName(a)}</li>
              ))}
            </ul>
          ) : (
            'None'
          ),
        },
        {
          key: 'Agreed',
          value: `${formatDateTime(latest.agreedAt)}${latest.agreedByAgency ? ` by ${latest.agreedByAgency.name}` : ''}`,
        },
      ]}
    />
  );
}

/** The chair records the clinic's agreed risk level, citing the submitted assessments behind it. */
export function AgreeRiskLevelPage() {
  const { id = '' } = useParams();
  const [search] = useSearchParams();
  const meetingId = search.get('meeting');
  const back = meetingId ? `/meetings/${meetingId}/run` : `/cases/${id}`;
  const me = useMe();
  const { data, loading, refetch } = useQuery(AGREED_RISK, { variables: { id } });
  const [agree] = useMutation(AGREE);
  const form = useApiForm({ level: 'level', rationale: 'rationale', citedAssessmentIds: 'cited' });
  const [level, setLevel] = useState('');
  const [rationale, setRationale] = useState('');
  const [cited, setCited] = useState<string[]>([]);
  const [done, setDone] = useState(false);
  if (loading && !data) return <Loading what="case" />;
  const c = data?.case;
  if (!c) return <Page title="Case not found" />;
  const may = mayAgreeRisk(me, c.clinic?.id) && c.status !== 'CLOSED';
  const submitted = (c.assessments ?? []).filter((a) => a.status === 'SUBMITTED');
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const local = [];
    if (!level) local.push({ field: 'level', message: 'Select the agreed risk level' });
    if (rationale.trim().length < 10)
      local.push({ field: 'rationale', message: 'Enter the rationale for the agreed level' });
    const ok = await form.submit(local, () =>
      agree({
        variables: {
          input: {
            caseId: c.id,
            expectedVersion: c.version ?? 0,
            level: level as 'LOW',
            rationale: rationale.trim(),
            citedAssessmentIds: cited,
          },
        },
      }),
    );
    // The answer's level is in the cache at once; its history (rationale, citations) follows.
    if (ok || form.lastKind() === 'conflict') void refetch().catch(() => undefined);
    if (ok) {
      setDone(true);
      setLevel('');
      setRationale('');
      setCited([]);
    }
  };
  return (
    <>
      <BackLink to={back}>{meetingId ? 'Back to the meeting' : 'Back to the case'}</BackLink>
      <Page title="Agreed risk level" caption={`Case ${c.reference ?? ''}`} error={form.errors.length > 0}>
        {done && <NotificationBanner success heading={`Risk level agreed: ${label(c.agreedRiskLevel)}`} />}
        <ErrorSummary errors={form.errors} />
        {form.kind === 'conflict' && (
          <NotificationBanner heading="Someone else changed this case while you were working. The current level is shown below; check it and record yours again if it is still right." />
        )}
        <h2 className="govuk-heading-m">Current agreed level</h2>
        <CurrentAgreedRisk c={c} />
        {may && (
          <form onSubmit={onSubmit} noValidate>
            <h2 className="govuk-heading-m">Record the clinic’s agreed level</h2>
            <Radios
              id="level"
              label="Agreed risk level"
              value={level}
              onChange={setLevel}
              error={errorFor(form.errors, 'level')}
              options={['LOW', 'MEDIUM', 'HIGH', 'VERY_HIGH'].map((v) => ({ value: v, text: label(v) }))}
            />
            <Textarea
              id="rationale"
              label="Rationale"
              hint="Why the clinic agreed this level. Do not include where a victim lives or works."
              value={rationale}
              onChange={setRationale}
              error={errorFor(form.errors, 'rationale')}
            />
            {submitted.length > 0 ? (
              <Checkboxes
                id="cited"
                label="Assessments the decision cites (optional)"
                values={cited}
                onChange={setCited}
                error={errorFor(form.errors, 'cited')}
                options={submitted.map((a) => ({ value: a.id, text: assessmentName(a) }))}
              />
            ) : (
              <p className="govuk-body">No assessment of this case has been submitted yet.</p>
            )}
            <Button disabled={form.busy}>Record the agreed level</Button>
          </form>
        )}
        {meetingId && (
          <p className="govuk-body">
            <Link className="govuk-link" to={back}>
              Return to the meeting
            </Link>
          </p>
        )}
      </Page>
    </>
  );
}
