// Hand-written SQL for what each role must see (performance.md ii: "B's row IDs equal a
// hand-written SQL fixture per role"). Written from the entitlement rules, not from the
// product's SQL translation, so a translation bug shows up as a mismatch.
import { OPEN_STATUSES } from './data.mjs';

const LATEST = 'ORDER BY c.updated_at DESC, c.id DESC';

/** mh.nvh (MH_CLINICIAN, North Vale NHS): NV cases its agency currently takes part in. */
export async function mhClinicianPage(tier, limit) {
  const { rows } = await tier.sql.query(
    `SELECT c.id, (SELECT count(*) FROM cases.persons v WHERE v.case_id = c.id AND v.role = 'VICTIM')::int AS victims
       FROM cases.cases c
      WHERE c.clinic_id = $1
        AND EXISTS (SELECT 1 FROM cases.participants p WHERE p.case_id = c.id AND p.agency_id = $2 AND p.left_at IS NULL)
      ${LATEST} LIMIT $3`,
    [tier.fixture.clinics.NV, tier.fixture.agencies.NVH, limit],
  );
  // D11 is "P" for a clinician: alias, relationship and age band (D11:limited) but neither
  // name nor date of birth. Three FORBIDDEN fields per victim in CASE_LIST_AUTHZ.
  return { ids: rows.map((r) => r.id), forbidden: 3 * rows.reduce((n, r) => n + r.victims, 0) };
}

/** chair.nvp (chair of NV, and a police SPOC): every NV case, every field of the list. */
export async function chairPage(tier, limit) {
  const { rows } = await tier.sql.query(
    `SELECT c.id FROM cases.cases c WHERE c.clinic_id = $1 ${LATEST} LIMIT $2`,
    [tier.fixture.clinics.NV, limit],
  );
  return { ids: rows.map((r) => r.id), forbidden: 0 };
}

/** spoc.nvp (the largest agency): open NV cases North Vale Police takes part in. */
export async function policeOpenPage(tier, limit, offset = 0) {
  const { rows } = await tier.sql.query(
    `SELECT c.id FROM cases.cases c
      WHERE c.clinic_id = $1 AND c.status = ANY($3)
        AND EXISTS (SELECT 1 FROM cases.participants p WHERE p.case_id = c.id AND p.agency_id = $2 AND p.left_at IS NULL)
      ${LATEST} LIMIT $4 OFFSET $5`,
    [tier.fixture.clinics.NV, tier.fixture.agencies.NVP, OPEN_STATUSES, limit, offset],
  );
  return { ids: rows.map((r) => r.id) };
}

/** Case ids for the detail test: NV cases the chair sees, a fixed sample. */
export async function detailIds(tier, n) {
  const { rows } = await tier.sql.query(
    `SELECT c.id FROM cases.cases c WHERE c.clinic_id = $1 ORDER BY md5(c.id::text) LIMIT $2`,
    [tier.fixture.clinics.NV, n],
  );
  return rows.map((r) => r.id);
}
