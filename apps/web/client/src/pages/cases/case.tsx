import type { ReactNode } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { useQuery } from '@apollo/client/react';
import type { CasePageQuery } from '../../generated/graphql';
import {
  BackLink,
  ButtonLink,
  Loading,
  NotificationBanner,
  SummaryCard,
  SummaryList,
  Table,
  Tag,
} from '../../components/govuk';
import { WidePage } from '../../components/page';
import { formatDate, formatDateTime } from '../../lib/dates';
import { label } from '../../lib/labels';
import { abilities, useMe } from '../../lib/me';
import { mayAgreeRisk } from './agree-risk-level';
import { breachState } from './breach';
import { CASE } from './case-query';
import { CATEGORY_NAMES, formatSize, uploadableCategories } from './documents';
import { lifecycleEvents, UrgentReviewHistory } from './case-lifecycle';
import { PartnerRecordLinks } from './partner-links';
import { UrgentReviewBanner } from './urgent-review';
import { caseExtras, CaseExtraLinks } from './case-extras';

type Case = NonNullable<CasePageQuery['case']>;

interface TimelineEvent {
  at: string;
  title: string;
  detail?: string;
}

/** What happened on the case, newest first, from the parts the reader may see. */
export function timelineOf(c: Case, agencyName: (id?: string | null) => string): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  const push = (at: string | null | undefined, title: string, detail?: string) =>
    at && events.push({ at, title, detail });
  push(c.referral?.submittedAt, 'Referral received', c.referral?.reference ?? undefined);
  push(c.createdAt, 'Case opened', label(c.tier));
  for (const a of c.assessments ?? [])
    push(a.submittedAt, `${label(a.tool)} assessment submitted`, a.authorAgency?.name ?? undefined);
  for (const r of c.riskHistory ?? [])
    push(r.agreedAt, `Risk level agreed: ${label(r.level)}`, r.agreedByAgency?.name ?? undefined);
  for (const m of c.meetings ?? []) push(m.startsAt, `Clinic meeting: ${m.title}`, label(m.status));
  for (const o of c.orders ?? []) push(o.servedOn, `${o.type?.name ?? o.typeCode} served`);
  for (const b of c.breaches?.nodes ?? [])
    push(b.occurredAt, `Breach: ${label(b.type)}`, b.crimeReference ?? undefined);
  for (const e of c.criminalJusticeEvents ?? []) push(e.occurredAt, label(e.type));
  for (const v of c.victimUpdates ?? []) push(v.deliveredAt, 'Victim told', label(v.trigger));
  for (const e of c.escalations ?? [])
    push(e.escalatedOn, `Escalated to ${e.target}${e.mappaLevel ? ` level ${e.mappaLevel}` : ''}`);
  for (const a of c.actions ?? []) push(a.dueOn, `Action due: ${a.title}`, agencyName(a.ownerAgencyId));
  push(c.closure?.closedAt, 'Case closed');
  events.push(...lifecycleEvents(c));
  return events.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}

function Section({ show, title, children }: { show: unknown; title: string; children: ReactNode }) {
  // A section the reader may not see is absent: never an empty box that says it exists.
  if (show === null || show === undefined) return null;
  return <SummaryCard title={title}>{children}</SummaryCard>;
}

export function CasePage() {
  const { id = '' } = useParams();
  const me = useMe();
  const can = abilities(me);
  const location = useLocation();
  const flash = (location.state as { flash?: string } | null)?.flash;
  const { data, loading } = useQuery(CASE, { variables: { id } });
  if (loading && !data) return <Loading what="case" />;
  const c = data?.case;
  if (!c)
    return (
      <WidePage title="Case not found">
        <p className="govuk-body">This case does not exist or you cannot see it.</p>
      </WidePage>
    );
  const agencyName = (aid?: string | null) =>
    data?.agencies.find((a) => a.id === aid)?.name ?? 'Unknown agency';
  const open = c.status !== 'CLOSED';
  const participates = c.participants?.some((p) => p.agency?.id === me.agency.id && !p.leftAt);
  return (
    <>
      <BackLink to="/cases">Back to cases</BackLink>
      <WidePage title={`Case ${c.reference ?? ''}`} caption={c.clinic?.name ?? undefined}>
        {flash && <NotificationBanner success heading={flash} />}
        <UrgentReviewBanner c={c} canClear={can.clinicStaff || can.police} />
        <div className="govuk-button-group scp-no-print">
          {open && (participates || can.clinicStaff) && (can.police || can.mentalHealth || can.chair) && (
            <ButtonLink to={`/cases/${c.id}/assessment`} secondary>
              Contribute your agency’s assessment
            </ButtonLink>
          )}
          {open && can.police && (
            <ButtonLink to={`/cases/${c.id}/breach`} secondary>
              Record a breach
            </ButtonLink>
          )}
          {open && can.police && (
            <ButtonLink to={`/cases/${c.id}/orders/new`} secondary>
              Record an order
            </ButtonLink>
          )}
          {open && participates && uploadableCategories(me.roles).length > 0 && (
            <ButtonLink to={`/cases/${c.id}/documents/new`} secondary>
              Add a document
            </ButtonLink>
          )}
          {open && can.clinicStaff && (
            <ButtonLink to={`/cases/${c.id}/next-review`} secondary>
              Set the next review date
            </ButtonLink>
          )}
          {open && mayAgreeRisk(me, c.clinic?.id) && (
            <ButtonLink to={`/cases/${c.id}/risk-level`} secondary>
              Record the agreed risk level
            </ButtonLink>
          )}
          <PartnerRecordLinks caseId={c.id} me={me} open={open} participates={!!participates} />
          {open && can.chair && (
            <ButtonLink to={`/cases/${c.id}/close`} secondary>
              Close the case
            </ButtonLink>
          )}
          <CaseExtraLinks c={c} me={me} />
        </div>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <SummaryCard title="Case">
              <SummaryList
                rows={[
                  { key: 'Status', value: <Tag code={c.status} /> },
                  c.tier ? { key: 'Type', value: label(c.tier) } : null,
                  c.cjStatus ? { key: 'Criminal justice status', value: label(c.cjStatus) } : null,
                  {
                    key: 'Agreed risk level',
                    value: (
                      <>
                        {c.agreedRiskLevel ? <Tag code={c.agreedRiskLevel} /> : 'Not agreed yet'}{' '}
                        {c.riskHistory && (
                          <Link className="govuk-link" to={`/cases/${c.id}/risk-level`}>
                            Rationale and assessments cited
                          </Link>
                        )}
                      </>
                    ),
                  },
                  { key: 'Next review', value: formatDate(c.nextReviewOn) || 'Not set' },
                  c.openActionsCount != null
                    ? { key: 'Open actions', value: String(c.openActionsCount) }
                    : null,
                  c.leadAgency ? { key: 'Lead agency', value: c.leadAgency.name } : null,
                  c.participants
                    ? {
                        key: 'Agencies taking part',
                        value: c.participants
                          .filter((p) => !p.leftAt)
                          .map((p) => p.agency?.name)
                          .filter(Boolean)
                          .join(', '),
                      }
                    : null,
                ]}
              />
            </SummaryCard>
            {/* Only a case that has ever been flagged has this section. */}
            <Section show={c.urgentReviews?.length ? c.urgentReviews : null} title="Urgent reviews">
              <UrgentReviewHistory flags={c.urgentReviews ?? []} />
            </Section>
            <Section show={c.subject} title="Subject">
              <SummaryList
                rows={[
                  {
                    key: 'Name',
                    value: [c.subject?.givenName, c.subject?.familyName].filter(Boolean).join(' '),
                  },
                  c.subject?.otherNames?.length
                    ? { key: 'Other names', value: c.subject.otherNames.join(', ') }
                    : null,
                  c.subject?.dateOfBirth
                    ? { key: 'Date of birth', value: formatDate(c.subject.dateOfBirth) }
                    : null,
                  c.subject?.proximityConcern != null
                    ? {
                        key: 'Lives or works near the victim',
                        value: c.subject.proximityConcern ? 'Yes' : 'No',
                      }
                    : null,
                ]}
              />
              {can.police && caseExtras(c, me).people && c.subject?.id && (
                <Link className="govuk-link" to={`/cases/${c.id}/people/${c.subject.id}`}>
                  Change the subject’s details
                </Link>
              )}
            </Section>
            {(c.victims ?? []).map((v, i) => (
              <SummaryCard key={v.id} title={c.victims!.length > 1 ? `Victim ${i + 1}` : 'Victim'}>
                <SummaryList
                  rows={[
                    {
                      key: 'Name',
                      value: [v.givenName, v.familyName].filter(Boolean).join(' ') || v.alias || 'Not shown',
                    },
                    v.relationshipToSubject
                      ? { key: 'Relationship to the subject', value: v.relationshipToSubject }
                      : null,
                    v.ageBand ? { key: 'Age', value: label(v.ageBand).replace('Age ', '') } : null,
                    v.voice?.sharedSummary ? { key: 'Victim’s voice', value: v.voice.sharedSummary } : null,
                    v.voice?.safetyPlanSummary
                      ? { key: 'Safety plan', value: v.voice.safetyPlanSummary }
                      : null,
                  ]}
                />
                {(can.police || can.advocate) && participates && (
                  <p className="govuk-body">
                    <Link className="govuk-link" to={`/cases/${c.id}/victims/${v.id}/locations`}>
                      Locations and contact details
                      <span className="govuk-visually-hidden"> of {v.alias ?? 'the victim'}</span>
                    </Link>{' '}
                    (you will be asked why you need them)
                  </p>
                )}
                {caseExtras(c, me).people && (
                  <p className="govuk-body">
                    <Link className="govuk-link" to={`/cases/${c.id}/people/${v.id}`}>
                      Change the details
                      <span className="govuk-visually-hidden"> of {v.alias ?? 'the victim'}</span>
                    </Link>
                  </p>
                )}
              </SummaryCard>
            ))}
            <Section show={c.assessments} title="Assessments">
              {(c.assessments ?? []).length === 0 ? (
                <p className="govuk-body">No assessments yet.</p>
              ) : (
                <SummaryList
                  rows={(c.assessments ?? []).map((a) => ({
                    key: `${label(a.tool)}${a.authorAgency ? ` (${a.authorAgency.name})` : ''}`,
                    value: (
                      <>
                        {a.score != null && `Score ${a.score}. `}
                        {a.judgements &&
                          `Violence ${label(a.judgements.violence)}, persistence ${label(a.judgements.persistence)}, recurrence ${label(a.judgements.recurrence)}, psychosocial damage ${label(a.judgements.psychosocialDamage)}. `}
                        {a.concernLevel && `Concern ${label(a.concernLevel)}. `}
                        {label(a.status)}
                        {a.assessedOn && `, ${formatDate(a.assessedOn)}`}
                      </>
                    ),
                  }))}
                />
              )}
            </Section>
            <Section show={c.formulation} title="Formulation">
              <SummaryList
                rows={[
                  c.formulation?.summary ? { key: 'Summary', value: c.formulation.summary } : null,
                  c.formulation?.recommendations
                    ? { key: 'Recommendations', value: c.formulation.recommendations }
                    : null,
                  c.formulation?.victimSafety
                    ? { key: 'Victim safety', value: c.formulation.victimSafety }
                    : null,
                ]}
              />
            </Section>
            <Section show={c.policeSummary} title="Police summary">
              <SummaryList
                rows={[
                  { key: 'Relevant history', value: c.policeSummary?.relevantHistory },
                  { key: 'Investigation', value: c.policeSummary?.investigationStatus },
                  { key: 'Bail conditions', value: c.policeSummary?.bailConditions },
                  { key: 'Arrests', value: c.policeSummary?.arrests },
                ]}
              />
            </Section>
            <Section show={c.probationSummary} title="Probation summary">
              <SummaryList
                rows={[
                  { key: 'Order', value: c.probationSummary?.orderType },
                  { key: 'Supervision', value: c.probationSummary?.supervisionStatus },
                  { key: 'Compliance', value: c.probationSummary?.compliance },
                  {
                    key: 'Conditions',
                    // Advocates read only the conditions that protect the victim.
                    value: (c.probationSummary?.conditions ?? c.probationSummary?.victimConditions ?? [])
                      .map((x) => x.text)
                      .join('; '),
                  },
                ]}
              />
            </Section>
            <Section show={c.orders} title="Orders and conditions">
              {(c.orders ?? []).length === 0 ? (
                <p className="govuk-body">No orders recorded.</p>
              ) : (
                (c.orders ?? []).map((o) => (
                  <div key={o.id} className="govuk-!-margin-bottom-4">
                    <h3 className="govuk-heading-s">
                      <Link className="govuk-link" to={`/cases/${c.id}/orders/${o.id}`}>
                        {o.type?.name ?? o.typeCode}
                      </Link>{' '}
                      <Tag
                        code={o.inForce ? 'ACTIVE' : o.status}
                        text={o.inForce ? 'In force' : label(o.status)}
                      />
                    </h3>
                    <SummaryList
                      rows={[
                        o.servedOn ? { key: 'Served', value: formatDate(o.servedOn) } : null,
                        {
                          key: 'Ends',
                          value: o.untilFurtherOrder
                            ? 'Until further order'
                            : formatDate(o.fixedEndOn) || 'Not set',
                        },
                        o.notificationDueBy
                          ? {
                              key: 'Subject to notify police by',
                              value: (
                                <>
                                  {formatDate(o.notificationDueBy)}{' '}
                                  {o.notificationMissed && <Tag code="OVERDUE" text="Missed" />}
                                </>
                              ),
                            }
                          : null,
                        ...(o.conditions ?? []).map((x, i) => ({
                          key: `Condition ${i + 1}`,
                          value: x.servedText,
                        })),
                      ]}
                    />
                  </div>
                ))
              )}
            </Section>
            <Section show={c.breaches} title={`Breaches${c.breaches?.total ? ` (${c.breaches.total})` : ''}`}>
              {(c.breaches?.nodes ?? []).length === 0 ? (
                <p className="govuk-body">No breaches recorded.</p>
              ) : (
                <>
                  {(c.breaches?.unresolved ?? 0) > 0 && (
                    <p className="govuk-body govuk-!-font-weight-bold">
                      {c.breaches?.unresolved} unresolved: not yet recorded as a crime or with an approved
                      reason
                    </p>
                  )}
                  <SummaryList
                    rows={(c.breaches?.nodes ?? []).map((b) => ({
                      key: formatDateTime(b.occurredAt),
                      value: `${label(b.type)}${b.crimeReference ? `, crime ${b.crimeReference}` : ''}${b.description ? `: ${b.description}` : ''}. ${breachState(b)}`,
                      action: { to: `/cases/${c.id}/breaches/${b.id}`, text: 'View', hidden: 'the breach' },
                    }))}
                  />
                </>
              )}
            </Section>
            <Section show={c.documents} title="Documents">
              {(c.documents ?? []).length === 0 ? (
                <p className="govuk-body">No documents you can see.</p>
              ) : (
                <Table
                  caption="Documents"
                  captionSize="s"
                  head={['Document', 'Contains', 'Added']}
                  rows={(c.documents ?? []).map((d) => [
                    <Link className="govuk-link" to={`/cases/${c.id}/documents/${d.id}`} key={d.id}>
                      {d.filename ?? `${CATEGORY_NAMES[d.category ?? ''] ?? 'Restricted'} document`}
                      <span className="govuk-visually-hidden"> ({formatSize(d.sizeBytes)})</span>
                    </Link>,
                    `${CATEGORY_NAMES[d.category ?? ''] ?? d.category}${d.purposeRequired ? ' (reason needed)' : ''}`,
                    `${formatDate(d.uploadedAt)}${d.ownerAgency ? `, ${d.ownerAgency.name}` : ''}`,
                  ])}
                />
              )}
            </Section>
            <Section show={c.actions} title="Agreed actions">
              {(c.actions ?? []).length === 0 ? (
                <p className="govuk-body">No actions.</p>
              ) : (
                <Table
                  caption="Agreed actions"
                  captionSize="s"
                  head={['Action', 'Owner', 'Due', 'Status']}
                  rows={(c.actions ?? []).map((a) => [
                    <Link className="govuk-link" to={`/actions/${a.id}`} key={a.id}>
                      {a.title}
                    </Link>,
                    agencyName(a.ownerAgencyId),
                    formatDate(a.dueOn),
                    <>
                      <Tag code={a.status} /> {a.overdue && <Tag code="OVERDUE" text="Overdue" />}
                    </>,
                  ])}
                />
              )}
            </Section>
            <Section show={c.closure} title="Closure">
              <SummaryList
                rows={[
                  { key: 'Closed', value: formatDateTime(c.closure?.closedAt) },
                  { key: 'Rationale', value: c.closure?.rationale },
                ]}
              />
            </Section>
          </div>
          <div className="govuk-grid-column-one-third">
            <h2 className="govuk-heading-m">Timeline</h2>
            <ol className="scp-timeline">
              {timelineOf(c, agencyName).map((e, i) => (
                <li className="scp-timeline__item" key={i}>
                  <span className="scp-timeline__date">{formatDate(e.at)}</span>
                  <strong>{e.title}</strong>
                  {e.detail && <span className="govuk-body-s"> – {e.detail}</span>}
                </li>
              ))}
            </ol>
          </div>
        </div>
      </WidePage>
    </>
  );
}
