import { Inject, Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { randomUUID } from 'node:crypto';
import { Not, type DataSource, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
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
import type { RequestScope } from '../shared/scope.js';
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
  type AnswerValue,
  type RiskTool,
} from './assessment-rules.js';
import {
  findAnswersByAssessments,
  findAssessmentsByCases,
  findAssessmentsByIds,
  findToolConfig,
} from './assessments.repository.js';
import { AssessmentEntity, SDashAnswerEntity, type RiskToolConfigEntity } from './assessments.entities.js';
import type {
  CreateAssessmentInput,
  SubmitAssessmentInput,
  UpdateAssessmentInput,
} from './assessments.inputs.js';

export type AssessmentView = WithAccess<AssessmentEntity & { highRisk: boolean | null }>;

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
      byCase: new DataLoader<string, AssessmentEntity[]>(async (ids) =>
        groupBy(await findAssessmentsByCases(this.ds, ids), (r) => r.caseId, ids),
      ),
      byId: new DataLoader<string, AssessmentEntity | null>(async (ids) => {
        const rows = new Map((await findAssessmentsByIds(this.ds, ids)).map((r) => [r.id, r]));
        return ids.map((id) => rows.get(id) ?? null);
      }),
      answers: new DataLoader<string, SDashAnswerEntity[]>(async (ids) =>
        groupBy(await findAnswersByAssessments(this.ds, ids), (r) => r.assessmentId, ids),
      ),
    }));
  }

  /** The reader's view of one assessment, or null: drafts are the authoring agency's alone. */
  present(scope: RequestScope, caseRow: CaseRow, row: AssessmentEntity): AssessmentView | null {
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

  async answersOf(scope: RequestScope, parent: AssessmentEntity, view: AccessView) {
    if (parent.tool !== 'S_DASH') return null;
    return (await this.loaders(scope).answers.load(parent.id)).map((a) => withAccess({ ...a }, view));
  }

  judgementsOf(parent: AssessmentEntity, view: AccessView) {
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

  private async toolConfig(tool: string, toolVersion: string): Promise<RiskToolConfigEntity> {
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
    config: RiskToolConfigEntity,
    current?: AssessmentEntity,
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
      await m.getRepository(SDashAnswerEntity).upsert(
        {
          assessmentId,
          question: a.question,
          answer: a.answer as AnswerValue,
          comment: a.comment?.trim() || null,
        },
        ['assessmentId', 'question'],
      );
    if (input.sDashAnswers?.length)
      // The S-DASH score is the count of "yes" answers: derived here, never taken from input.
      await m
        .createQueryBuilder()
        .update(AssessmentEntity)
        .set({
          score: () =>
            "(SELECT count(*) FROM cases.sdash_answers WHERE assessment_id = :assessmentId AND answer = 'YES')",
        })
        .where('id = :assessmentId', { assessmentId })
        .execute();
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
      const newId = randomUUID();
      await m.getRepository(AssessmentEntity).insert({
        id: newId,
        caseId: caseRow.id,
        tool,
        toolVersion: input.toolVersion.trim(),
        assessedOn: input.assessedOn,
        score: tool === 'S_DASH' ? 0 : (input.score ?? null),
        answersCount: input.answersCount ?? null,
        highThreshold: config.highThreshold,
        concernLevel: input.concernLevel ?? null,
        violence: j.violence ?? null,
        persistence: j.persistence ?? null,
        recurrence: j.recurrence ?? null,
        psychosocialDamage: j.psychosocialDamage ?? null,
        rationale: input.rationale?.trim() || null,
        authorAgencyId: scope.actor.agencyId,
        authorUserId: scope.actor.userId,
        updatedByAgencyId: scope.actor.agencyId,
        updatedByUserId: scope.actor.userId,
      });
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
    const changes: QueryDeepPartialEntity<AssessmentEntity> = {};
    const set = <K extends keyof AssessmentEntity>(field: K, value: AssessmentEntity[K] | undefined) => {
      if (value !== undefined) Object.assign(changes, { [field]: value });
    };
    set('toolVersion', input.toolVersion?.trim());
    set('assessedOn', input.assessedOn);
    set('highThreshold', config.highThreshold);
    if (row.tool !== 'S_DASH') set('score', input.score);
    set('answersCount', input.answersCount);
    set('concernLevel', input.concernLevel);
    for (const d of JUDGEMENT_DOMAINS) set(d, input.judgements?.[d]);
    set('rationale', input.rationale === undefined ? undefined : input.rationale?.trim() || null);
    try {
      await this.ds.transaction(async (m) => {
        const updated = await m.getRepository(AssessmentEntity).update(
          { id: row.id, version: input.expectedVersion, status: 'DRAFT' },
          {
            ...changes,
            updatedByAgencyId: scope.actor.agencyId,
            updatedByUserId: scope.actor.userId,
            version: () => 'version + 1',
            updatedAt: () => 'now()',
          },
        );
        if (!updated.affected) throw conflict();
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
    const answeredQuestions = await this.ds
      .getRepository(SDashAnswerEntity)
      .countBy({ assessmentId: row.id });
    const gap = submissionGap({ ...row, answeredQuestions });
    if (gap) throw badInput(gap[0], gap[1]);
    // The threshold in force when the assessment is submitted is the one it keeps.
    const config = await this.toolConfig(row.tool, row.toolVersion);
    try {
      await this.ds.transaction(async (m) => {
        // One submission at a time per case, tool and agency, so exactly one stays current.
        // raw SQL: a transaction-scoped advisory lock, which TypeORM has no API for
        await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
          `assessment:${row.caseId}:${row.tool}:${row.authorAgencyId}`,
        ]);
        const superseded = (
          await m
            .createQueryBuilder()
            .update(AssessmentEntity)
            .set({
              status: 'SUPERSEDED',
              supersededAt: () => 'now()',
              supersededById: row.id,
              version: () => 'version + 1',
              updatedAt: () => 'now()',
            })
            .where({
              caseId: row.caseId,
              tool: row.tool,
              authorAgencyId: row.authorAgencyId,
              status: 'SUBMITTED',
              id: Not(row.id),
            })
            .returning(['id'])
            .execute()
        ).raw as { id: string }[];
        const submitted = await m.getRepository(AssessmentEntity).update(
          { id: row.id, version: input.expectedVersion, status: 'DRAFT' },
          {
            status: 'SUBMITTED',
            submittedAt: () => 'now()',
            highThreshold: config.highThreshold,
            updatedByAgencyId: scope.actor.agencyId,
            updatedByUserId: scope.actor.userId,
            version: () => 'version + 1',
            updatedAt: () => 'now()',
          },
        );
        if (!submitted.affected) throw conflict();
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

  private forget(scope: RequestScope, row: AssessmentEntity) {
    const loaders = this.loaders(scope);
    loaders.byCase.clear(row.caseId);
    loaders.byId.clear(row.id);
    loaders.answers.clear(row.id);
  }

  private async presentFresh(scope: RequestScope, id: string): Promise<AssessmentView> {
    const [row] = await findAssessmentsByIds(this.ds, [id]);
    if (!row) throw notFound('Assessment');
    this.forget(scope, row);
    const caseRow = await caseForWrite(scope, this.ds, row.caseId);
    const presented = this.present(scope, caseRow, row);
    if (!presented) throw notFound('Assessment');
    return presented;
  }
}
