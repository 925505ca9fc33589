import { In, type DataSource, type EntityManager } from 'typeorm';
import { DocumentEntity } from './documents.entities.js';

export async function findDocumentsByCases(
  db: DataSource | EntityManager,
  caseIds: readonly string[],
): Promise<DocumentEntity[]> {
  if (!caseIds.length) return [];
  return db.getRepository(DocumentEntity).find({
    where: { caseId: In([...caseIds]) },
    order: { createdAt: 'DESC', id: 'DESC' },
  });
}

export function findDocumentById(db: DataSource | EntityManager, id: string): Promise<DocumentEntity | null> {
  return db.getRepository(DocumentEntity).findOneBy({ id });
}
