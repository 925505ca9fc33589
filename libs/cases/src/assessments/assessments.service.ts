import { Inject, Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { DataSource, EntityManager } from 'typeorm';
import { withAccess, type AccessView, type WithAccess } from '@scp/platform-access';
import { badInput, conflict, forbidden, notFound } from '@scp/platform-graphql';
import {
  CASES_AUDIT,
  CASES_DATA_SOURCE,
  CASES_OUTBOX,
  type AuditWriterLike,
  type OutboxLike,
} from '../shared/tokens.js';
import { FreeTextGuard } from '../shared/free-text.js';
import { updateReturning, type RequestScope } from '../shared/scope.js';
import { writeEvent } from '../shared/audit.js';
import type { CaseRow } from '../case/case.repository.js';
import {
  authoredView,
  caseForWrite,
  groupBy,
  isUniqueViolation,
  perRequest,
  requireRecordWrite,
  screenFreeText,
  todayInLondon,
  touchCase,
} from '../agency-records/record-support.js';
import {
  dashCountsProblem,
  foreignField,
  isHighRisk,
  JUDGEMENT_DOMAINS,
  JUDGEMENT_TOOLS,
  sDashAnswerProblem,
  submissionGap,
  type RiskTool,
} from './assessment-rules.js';
import {
  ASSESSMENT_COLUMNS,
  findAnswersByAssessments,
  findAssessmentsByCases,
  findAssessmentsByIds,
  findToolConfig,
  type AssessmentRow,
  type SDashAnswerRow,
  type ToolConfigRow,
} from './assessments.repository.js';
import type {
  CreateAssessmentInput,
  SubmitAssessmentInput,
  UpdateAssessmentInput,
} from './assessments.inputs.js';

export type AssessmentView = WithAccess<AssessmentRow & { highRisk: boolean | null }>;

const JUDGEMENT_COLUMNS: Record<(typeof JUDGEMENT_DOMAINS)[number], string> = {
  violence: 'violence',
  persistence: 'persistence',
  recurrence: 'recurrence',
  psychosocialDamage: 'psychosocial_damage',
};

/**
 * Structured risk assessments (D8). Police and mental health write their own agency's tools
 * ("RW own tools / R"); probation, advocates, CPS and the chair read. A draft belongs to its
 * agency until submitted; a submission supersedes that agency's previous one of the same tool.
 */
@Injectable()
export class AssessmentsService {
  constructor(
    @Inject(CASES_DATA_SOURCE) private readonly ds: DataSource,
    @Inject(CASES_AUDIT) private readonly audit: AuditWriterLike,
    @Inject(CASES_OUTBOX) private readonly outbox: OutboxLike,
    private readonly freeText: FreeTextGuard,
  ) {}

  loaders(scope: RequestScope) {
    return perRequest(scope, 'assessments', () => ({
      byCase: new DataLoader<string, AssessmentRow[]>(async (ids) =>
        groupBy(await findAssessmentsByCases(this.ds, ids), (r) => r.caseId, ids),
      ),
      byId: new DataLoader<string, AssessmentRow | null>(async (ids) => {
        const rows = new Map((await findAssessmentsByIds(this.ds, ids)).map((r) => [r.id, r]));
        return ids.map((id) => rows.get(id) ?? null);
      }),
      answers: new DataLoader<string, SDashAnswerRow[]>(async (ids) =>
        groupBy(await findAnswersByAssessments(this.ds, ids), (r) => r.assessmentId, ids),
      ),
    }));
  }

  /** The reader's view of one assessment, or null: drafts are the authoring agency's alone. */
  present(scope: RequestScope, caseRow: CaseRow, row: AssessmentRow): AssessmentView | null {
    if (row.status === 'DRAFT' && row.authorAgencyId !== scope.actor.agencyId) return null;
    const view = authoredView(scope, caseRow, {
      category: 'D8',
      authorAgencyId: row.authorAgencyId,
      entityType: 'Assessment',
      entityId: row.id,
    });
    if (!view) return null;
    return withAccess(
      { ...row, highRisk: row.tool === 'DASH_RIC' ? isHighRisk(row.score, row.highThreshold) : null },
      view,
    );
  }

  async assessmentsOf(
    scope: RequestScope,
    caseRow: CaseRow,
    filter: { tool?: string | null; status?: string | null } = {},
  ): Promise<AssessmentView[]> {
    const rows = await this.loaders(scope).byCase.load(caseRow.id);
    const out: AssessmentView[] = [];
    for (const r of rows) {
      if (filter.tool && r.tool !== filter.tool) continue;
      if (filter.status && r.status !== filter.status) continue;
      const presented = this.present(scope, caseRow, r);
      if (presented) out.push(presented);
    }
    return out;
  }

  /** Assessments by id, as the reader may see them (absent ones dropped). */
  async visibleByIds(scope: RequestScope, caseRow: CaseRow, ids: string[]): Promise<AssessmentView[]> {
    const rows = await this.loaders(scope).byId.loadMany(ids);
    const out: AssessmentView[] = [];
    for (const r of rows) {
      if (!r || r instanceof Error || r.caseId !== caseRow.id) continue;
      const presented = this.present(scope, caseRow, r);
      if (presented) out.push(presented);
    }
    return out;
  }

  async answersOf(scope: RequestScope, parent: AssessmentRow, view: AccessView) {
    if (parent.tool !== 'S_DASH') return null;
    return (await this.loaders(scope).answers.load(parent.id)).map((a) => withAccess({ ...a }, view));
  }

  judgementsOf(parent: AssessmentRow, view: AccessView) {
    if (!JUDGEMENT_TOOLS.includes(parent.tool)) return null;
    return withAccess(
      {
        violence: parent.violence,
        persistence: parent.persistence,
        recurrence: parent.recurrence,
        psychosocialDamage: parent.psychosocialDamage,
      },
      view,
    );
  }

  private async toolConfig(tool: string, toolVersion: string): Promise<ToolConfigRow> {
    if (toolVersion.trim().toUpperCase() === 'DEFAULT')
      throw badInput('Give the version or edition of the tool used', 'toolVersion');
    const config = await findToolConfig(this.ds, tool, toolVersion.trim());
    if (!config || !config.active) throw badInput('That version of the tool is not in use', 'toolVersion');
    return config;
  }

  /** Tool-specific checks shared by create and update; throws BAD_USER_INPUT. */
  private checkContent(
    tool: RiskTool,
    input: UpdateAssessmentInput | CreateAssessmentInput,
    config: ToolConfigRow,
    current?: AssessmentRow,
  ) {
    const foreign = foreignField(tool, input);
    if (foreign) throw badInput(`${foreign} does not belong to a ${tool} assessment`, foreign);
    if (input.sDashAnswers) {
      const problem = sDashAnswerProblem(input.sDashAnswers);
      if (problem) throw badInput(problem, 'sDashAnswers');
    }
    if (tool === 'DASH_RIC') {
      const answers = input.answersCount !== undefined ? input.answersCount : (current?.answersCount ?? null);
      const score = input.score !== undefined ? input.score : (current?.score ?? null);
      const problem = dashCountsProblem(answers, score, config.itemCount);
      if (problem) throw badInput(problem, problem.startsWith('score') ? 'score' : 'answersCount');
    }
    if (input.assessedOn && input.assessedOn > todayInLondon())
      throw badInput('assessedOn cannot be in the future', 'assessedOn');
  }

  private async screen(
    scope: RequestScope,
    caseId: string,
    input: UpdateAssessmentInput | CreateAssessmentInput,
  ) {
    const texts: Record<string, string | null | undefined> = { rationale: input.rationale };
    for (const [i, a] of (input.sDashAnswers ?? []).entries()) texts[`sDashAnswers.${i}.comment`] = a.comment;
    await screenFreeText(this.freeText, scope, caseId, 'D8', texts);
  }

  private async upsertAnswers(
    m: EntityManager,
    assessmentId: string,
    input: { sDashAnswers?: UpdateAssessmentInput['sDashAnswers'] },
  ) {
    for (const a of input.sDashAnswers ?? [])
      await m.query(
        `INSERT INTO cases.sdash_answers (assessment_id, question, answer, comment) VALUES ($1, $2, $3, $4)
         ON CONFLICT (assessment_id, question) DO UPDATE SET answer = EXCLUDED.answer, comment = EXCLUDED.comment`,
        [assessmentId, a.question, a.answer, a.comment?.trim() || null],
      );
    if (input.sDashAnswers?.length)
      // The S-DASH score is the count of "yes" answers: derived here, never taken from input.
      await m.query(
        `UPDATE cases.assessments SET score = (SELECT count(*) FROM cases.sdash_answers WHERE assessment_id = $1 AND answer = 'YES')
          WHERE id = $1`,
        [assessmentId],
      );
  }

  async create(scope: RequestScope, input: CreateAssessmentInput): Promise<AssessmentView> {
    const caseRow = await caseForWrite(scope, this.ds, input.caseId);
    await requireRecordWrite(scope, caseRow, 'D8', scope.actor.agencyId, 'create');
    const tool = input.tool as RiskTool;
    const config = await this.toolConfig(tool, input.toolVersion);
    if (!config.authorAgencyTypes.includes(scope.actor.agencyType))
      throw forbidden(`A ${tool} is not completed by your agency`, { category: 'D8' });
    this.checkContent(tool, input, config);
    await this.screen(scope, caseRow.id, input);
    const j = input.judgements ?? {};
    const id = await this.ds.transaction(async (m) => {
      const inserted: { id: string }[] = await m.query(
        `INSERT INTO cases.assessments (case_id, tool, tool_version, assessed_on, score, answers_count, high_threshold, concern_level,
           violence, persistence, recurrence, psychosocial_damage, rationale,
           author_agency_id, author_user_id, updated_by_agency_id, updated_by_user_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $14, $15) RETURNING id`,
        [
          caseRow.id,
          tool,
          input.toolVersion.trim(),
          input.assessedOn,
          tool === 'S_DASH' ? 0 : (input.score ?? null),
          input.answersCount ?? null,
          config.highThreshold,
          input.concernLevel ?? null,
          j.violence ?? null,
          j.persistence ?? null,
          j.recurrence ?? null,
          j.psychosocialDamage ?? null,
          input.rationale?.trim() || null,
          scope.actor.agencyId,
          scope.actor.userId,
        ],
      );
      const newId = inserted[0]!.id;
      await this.upsertAnswers(m, newId, input);
      await touchCase(m, this.outbox, scope, caseRow, ['D8']);
      await this.audit.write(
        [
          writeEvent(scope, 'CREATE', 'Assessment', newId, ['D8'], `createAssessment:${tool}`, {
            caseId: caseRow.id,
            ownerAgencyId: scope.actor.agencyId,
          }),
        ],
        m,
      );
      return newId;
    });
    return this.presentFresh(scope, id);
  }

  /** An assessment the caller may see and its case, fresh from the database (for writes). */
  private async visibleForWrite(scope: RequestScope, id: string) {
    const [row] = await findAssessmentsByIds(this.ds, [id]);
    if (!row) throw notFound('Assessment');
    const caseRow = await caseForWrite(scope, this.ds, row.caseId).catch(() => {
      throw notFound('Assessment');
    });
    if (!this.present(scope, caseRow, row)) throw notFound('Assessment');
    return { row, caseRow };
  }

  async update(scope: RequestScope, input: UpdateAssessmentInput): Promise<AssessmentView> {
    const { row, caseRow } = await this.visibleForWrite(scope, input.id);
    await requireRecordWrite(scope, caseRow, 'D8', row.authorAgencyId, 'update');
    if (row.status !== 'DRAFT')
      throw badInput('Only a draft can be changed; submit a new assessment to supersede this one', 'id');
    const config = await this.toolConfig(row.tool, input.toolVersion ?? row.toolVersion);
    this.checkContent(row.tool, input, config, row);
    await this.screen(scope, caseRow.id, input);
    const params: unknown[] = [row.id, input.expectedVersion, scope.actor.agencyId, scope.actor.userId];
    const sets: string[] = [];
    const set = (column: string, value: unknown) => {
      if (value === undefined) return;
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    };
    set('tool_version', input.toolVersion?.trim());
    set('assessed_on', input.assessedOn);
    set('high_threshold', config.highThreshold);
    if (row.tool !== 'S_DASH') set('score', input.score);
    set('answers_count', input.answersCount);
    set('concern_level', input.concernLevel);
    for (const d of JUDGEMENT_DOMAINS) set(JUDGEMENT_COLUMNS[d], input.judgements?.[d]);
    set('rationale', input.rationale === undefined ? undefined : input.rationale?.trim() || null);
    try {
      await this.ds.transaction(async (m) => {
        const updated = await updateReturning<{ id: string }>(
          m,
          `UPDATE cases.assessments SET ${[...sets, 'updated_by_agency_id = $3', 'updated_by_user_id = $4'].join(', ')},
                  version = version + 1, updated_at = now()
            WHERE id = $1 AND version = $2 AND status = 'DRAFT' RETURNING id`,
          params,
        );
        if (!updated.length) throw conflict();
        await this.upsertAnswers(m, row.id, input);
        await touchCase(m, this.outbox, scope, caseRow, ['D8']);
        await this.audit.write(
          [
            writeEvent(scope, 'UPDATE', 'Assessment', row.id, ['D8'], 'updateAssessment', {
              caseId: caseRow.id,
              ownerAgencyId: row.authorAgencyId,
            }),
          ],
          m,
        );
      });
    } finally {
      this.forget(scope, row);
    }
    return this.presentFresh(scope, row.id);
  }

  async submit(scope: RequestScope, input: SubmitAssessmentInput): Promise<AssessmentView> {
    const { row, caseRow } = await this.visibleForWrite(scope, input.id);
    await requireRecordWrite(scope, caseRow, 'D8', row.authorAgencyId, 'update');
    if (row.status !== 'DRAFT') throw badInput('Only a draft can be submitted', 'id');
    if (row.version !== input.expectedVersion) throw conflict();
    const answered: { n: string }[] = await this.ds.query(
      `SELECT count(*) AS n FROM cases.sdash_answers WHERE assessment_id = $1`,
      [row.id],
    );
    const gap = submissionGap({ ...row, answeredQuestions: Number(answered[0]?.n ?? 0) });
    if (gap) throw badInput(gap[0], gap[1]);
    // The threshold in force when the assessment is submitted is the one it keeps.
    const config = await this.toolConfig(row.tool, row.toolVersion);
    try {
      await this.ds.transaction(async (m) => {
        // One submission at a time per case, tool and agency, so exactly one stays current.
        await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
          `assessment:${row.caseId}:${row.tool}:${row.authorAgencyId}`,
        ]);
        const superseded = await updateReturning<{ id: string }>(
          m,
          `UPDATE cases.assessments SET status = 'SUPERSEDED', superseded_at = now(), superseded_by_id = $1,
                  version = version + 1, updated_at = now()
            WHERE case_id = $2 AND tool = $3 AND author_agency_id = $4 AND status = 'SUBMITTED' AND id <> $1 RETURNING id`,
          [row.id, row.caseId, row.tool, row.authorAgencyId],
        );
        const submitted = await updateReturning<{ id: string }>(
          m,
          `UPDATE cases.assessments SET status = 'SUBMITTED', submitted_at = now(), high_threshold = $3,
                  updated_by_agency_id = $4, updated_by_user_id = $5, version = version + 1, updated_at = now()
            WHERE id = $1 AND version = $2 AND status = 'DRAFT' RETURNING id`,
          [row.id, input.expectedVersion, config.highThreshold, scope.actor.agencyId, scope.actor.userId],
        );
        if (!submitted.length) throw conflict();
        await touchCase(m, this.outbox, scope, caseRow, ['D8']);
        await this.audit.write(
          [
            writeEvent(scope, 'UPDATE', 'Assessment', row.id, ['D8'], `submitAssessment:${row.tool}`, {
              caseId: caseRow.id,
              ownerAgencyId: row.authorAgencyId,
            }),
            ...superseded.map((s) =>
              writeEvent(scope, 'UPDATE', 'Assessment', s.id, ['D8'], `supersedeAssessment:${row.tool}`, {
                caseId: caseRow.id,
                ownerAgencyId: row.authorAgencyId,
              }),
            ),
          ],
          m,
        );
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict();
      throw error;
    } finally {
      this.forget(scope, row);
    }
    return this.presentFresh(scope, row.id);
  }

  private forget(scope: RequestScope, row: AssessmentRow) {
    const loaders = this.loaders(scope);
    loaders.byCase.clear(row.caseId);
    loaders.byId.clear(row.id);
    loaders.answers.clear(row.id);
  }

  private async presentFresh(scope: RequestScope, id: string): Promise<AssessmentView> {
    const rows: AssessmentRow[] = await this.ds.query(
      `SELECT ${ASSESSMENT_COLUMNS} FROM cases.assessments WHERE id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) throw notFound('Assessment');
    this.forget(scope, row);
    const caseRow = await caseForWrite(scope, this.ds, row.caseId);
    const presented = this.present(scope, caseRow, row);
    if (!presented) throw notFound('Assessment');
    return presented;
  }
}
