import type { DataSource } from 'typeorm';
import { ROLES, type Recipient, type RecipientQuery, type Role } from '@scp/contracts';

/**
 * Who should hear of something, worked out when the message is sent (not when the event was
 * written): the notifications service asks with ids and role codes, the cases service answers
 * with the users who are active now and, for a case, whose agency takes part in it now (or who
 * run its clinic). A user who left the case, or whose agency did, gets nothing more.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const OFFICER_ROLES = ['CLINIC_CHAIR', 'CLINIC_COORDINATOR'];

/** Validates a query from the wire; returns a message for a bad one. */
export function parseRecipientQuery(body: unknown): RecipientQuery | string {
  if (!body || typeof body !== 'object') return 'body required';
  const b = body as Record<string, unknown>;
  const id = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && UUID.test(v));
  const ids = (v: unknown) =>
    v === undefined ||
    v === null ||
    (Array.isArray(v) && v.length <= 500 && v.every((x) => typeof x === 'string' && UUID.test(x)));
  if (!id(b.caseId) || !id(b.clinicId)) return 'caseId and clinicId must be ids';
  if (!ids(b.userIds) || !ids(b.agencyIds)) return 'userIds and agencyIds must be lists of ids';
  if (
    b.roles !== undefined &&
    b.roles !== null &&
    !(Array.isArray(b.roles) && b.roles.every((r) => ROLES.includes(r as Role)))
  )
    return 'roles must be role codes';
  if (b.clinicOfficers !== undefined && b.clinicOfficers !== null && typeof b.clinicOfficers !== 'boolean')
    return 'clinicOfficers must be a boolean';
  return b as RecipientQuery;
}

/** The users a message goes to now (see the header comment). */
export async function resolveRecipients(ds: DataSource, q: RecipientQuery): Promise<Recipient[]> {
  const params: unknown[] = [q.caseId ?? null, q.clinicId ?? null];
  const selectors: string[] = [];
  if (q.userIds?.length) {
    params.push(q.userIds);
    selectors.push(`u.id = ANY($${params.length}::uuid[])`);
  }
  if (q.agencyIds?.length || q.roles?.length) {
    const parts: string[] = [];
    if (q.agencyIds?.length) {
      params.push(q.agencyIds);
      parts.push(`u.agency_id = ANY($${params.length}::uuid[])`);
    }
    if (q.roles?.length) {
      params.push(q.roles);
      parts.push(
        `EXISTS (SELECT 1 FROM cases.user_roles r WHERE r.user_id = u.id AND r.role = ANY($${params.length}::text[]))`,
      );
    }
    selectors.push(`(${parts.join(' AND ')})`);
  }
  if (q.clinicOfficers)
    selectors.push(`EXISTS (SELECT 1 FROM cases.user_roles r WHERE r.user_id = u.id
       AND r.role = ANY('{${OFFICER_ROLES.join(',')}}'::text[]) AND r.clinic_id = (SELECT officer_clinic FROM target))`);
  if (!selectors.length) return [];
  // The case check: the user's agency participates now, or the user runs the case's clinic.
  const caseCheck = `($1::uuid IS NULL OR EXISTS (SELECT 1 FROM cases.participants p
        WHERE p.case_id = $1 AND p.agency_id = u.agency_id AND p.left_at IS NULL)
     OR EXISTS (SELECT 1 FROM cases.user_roles r WHERE r.user_id = u.id
        AND r.role = ANY('{${OFFICER_ROLES.join(',')}}'::text[]) AND r.clinic_id = (SELECT case_clinic FROM target)))`;
  // raw SQL: recipient resolution is one statement over a CTE (the case's clinic) shared by every selector
  const rows: {
    user_id: string;
    display_name: string;
    email: string | null;
    agency_id: string;
    roles: Role[];
  }[] = await ds.query(
    `WITH c AS (SELECT clinic_id FROM cases.cases WHERE id = $1::uuid),
       target AS (SELECT (SELECT clinic_id FROM c) AS case_clinic, coalesce($2::uuid, (SELECT clinic_id FROM c)) AS officer_clinic)
       SELECT u.id AS user_id, u.display_name, u.email, u.agency_id,
              coalesce((SELECT array_agg(DISTINCT r.role ORDER BY r.role) FROM cases.user_roles r WHERE r.user_id = u.id), '{}') AS roles
         FROM cases.users u JOIN cases.agencies a ON a.id = u.agency_id AND a.active
        WHERE u.active AND (${selectors.join(' OR ')}) AND ${caseCheck}
          AND ($1::uuid IS NULL OR EXISTS (SELECT 1 FROM cases.cases c WHERE c.id = $1))
        ORDER BY u.id`,
    params,
  );
  return rows.map((r) => ({
    userId: r.user_id,
    displayName: r.display_name,
    email: r.email,
    agencyId: r.agency_id,
    roles: r.roles,
  }));
}
