import { In, type DataSource, type EntityManager } from 'typeorm';
import {
  AssessmentEntity,
  RiskAgreementCitationEntity,
  RiskAgreementEntity,
  RiskToolConfigEntity,
  SDashAnswerEntity,
} from './assessments.entities.js';

type Db = DataSource | EntityManager;

export async function findAssessmentsByCases(
  db: Db,
  caseIds: readonly string[],
): Promise<AssessmentEntity[]> {
  if (!caseIds.length) return [];
  return db.getRepository(AssessmentEntity).find({
    where: { caseId: In([...caseIds]) },
    order: { assessedOn: 'DESC', createdAt: 'DESC', id: 'ASC' },
  });
}

export async function findAssessmentsByIds(db: Db, ids: readonly string[]): Promise<AssessmentEntity[]> {
  if (!ids.length) return [];
  return db.getRepository(AssessmentEntity).findBy({ id: In([...ids]) });
}

export async function findAnswersByAssessments(
  db: Db,
  assessmentIds: readonly string[],
): Promise<SDashAnswerEntity[]> {
  if (!assessmentIds.length) return [];
  return db.getRepository(SDashAnswerEntity).find({
    where: { assessmentId: In([...assessmentIds]) },
    order: { question: 'ASC' },
  });
}

/** The tool's rules for a version: its own row if configured, else the tool's DEFAULT row. */
export function findToolConfig(
  db: Db,
  tool: string,
  toolVersion: string,
): Promise<RiskToolConfigEntity | null> {
  return db
    .getRepository(RiskToolConfigEntity)
    .createQueryBuilder('t')
    .where("t.tool = :tool AND t.toolVersion IN (:toolVersion, 'DEFAULT')", { tool, toolVersion })
    .orderBy("(t.toolVersion = 'DEFAULT')")
    .limit(1)
    .getOne();
}

export async function findAgreementsByCases(
  db: Db,
  caseIds: readonly string[],
): Promise<RiskAgreementEntity[]> {
  if (!caseIds.length) return [];
  return db.getRepository(RiskAgreementEntity).find({
    where: { caseId: In([...caseIds]) },
    order: { agreedAt: 'DESC', id: 'DESC' },
  });
}

export async function findCitationsByAgreements(
  db: Db,
  agreementIds: readonly string[],
): Promise<RiskAgreementCitationEntity[]> {
  if (!agreementIds.length) return [];
  return db.getRepository(RiskAgreementCitationEntity).find({
    where: { agreementId: In([...agreementIds]) },
    order: { assessmentId: 'ASC' },
  });
}
