import type { DataCategory } from '@scp/contracts';
import type { Queryable } from '../shared/scope.js';

export interface DocumentRow {
  id: string;
  caseId: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  category: DataCategory;
  ownerAgencyId: string;
  visibleAgencyIds: string[];
  storageKey: string;
  uploadedByUserId: string;
  createdAt: Date;
}

export const DOCUMENT_COLUMNS = `d.id, d.case_id AS "caseId", d.filename, d.content_type AS "contentType", d.size_bytes AS "sizeBytes",
  d.sha256, d.category, d.owner_agency_id AS "ownerAgencyId", d.visible_agency_ids::text[] AS "visibleAgencyIds",
  d.storage_key AS "storageKey", d.uploaded_by_user_id AS "uploadedByUserId", d.created_at AS "createdAt"`;

export async function findDocumentsByCases(
  db: Queryable,
  caseIds: readonly string[],
): Promise<DocumentRow[]> {
  if (!caseIds.length) return [];
  return db.query(
    `SELECT ${DOCUMENT_COLUMNS} FROM cases.documents d WHERE d.case_id = ANY($1::uuid[])
      ORDER BY d.created_at DESC, d.id DESC`,
    [caseIds],
  );
}

export async function findDocumentById(db: Queryable, id: string): Promise<DocumentRow | null> {
  const rows: DocumentRow[] = await db.query(
    `SELECT ${DOCUMENT_COLUMNS} FROM cases.documents d WHERE d.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}
