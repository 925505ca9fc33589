// Bulk synthetic cases on top of the demo directory (seedDemoData): generate_series only, no
// random(): every value comes from hashint8 of the row number, so a tier holds the same rows on
// every run. Shape (performance.md §2): two clinics (NV 65 %, SF 35 %), Zipf-skewed agencies
// (the rank-r member agency of a clinic takes part in a case with probability 0.9 / r, the lead
// always does; the lead is rank 1 in 70 % of cases), 20 % open, a subject and one or two
// victims per case, a current home location for each person.

/** Member agencies of each clinic by Zipf rank (rank 1 = the largest: its police force). */
export const RANKED_AGENCIES = {
  NV: ['NVP', 'NVH', 'NVPS', 'NVA', 'CPSNV', 'NVC'],
  SF: ['SFC', 'SFH', 'SFPS', 'SFA', 'CPSSF'],
};

export const OPEN_STATUSES = [
  'AWAITING_LISTING',
  'LISTED',
  'ACTIVE',
  'MONITORING',
  'ESCALATED',
  'CONSULTATION',
];

/**
 * @param {import('pg').Client} client owner connection to the tier's database
 * @param {number} count cases to generate
 * @param {{ agencies: Record<string, string>, clinics: Record<string, string>, users: Record<string, string> }} fixture
 */
export async function generateCases(client, count, fixture) {
  const nv = RANKED_AGENCIES.NV.map((c) => fixture.agencies[c]);
  const sf = RANKED_AGENCIES.SF.map((c) => fixture.agencies[c]);
  const chair = fixture.users['chair.nvp'];
  const spoc = fixture.users['spoc.nvp'];
  await client.query('BEGIN');
  await client.query(`CREATE SCHEMA IF NOT EXISTS bench`);
  // A uniform value in [0, 1) per (row, salt).
  await client.query(`
    CREATE OR REPLACE FUNCTION bench.h(i bigint, salt int) RETURNS float8 IMMUTABLE PARALLEL SAFE
    LANGUAGE sql AS $$ SELECT (hashint8(i * 1000003 + salt) & 2147483647)::float8 / 2147483648.0 $$`);
  // A deterministic, well-formed (version 4, RFC 4122 variant) UUID from a name.
  await client.query(`
    CREATE OR REPLACE FUNCTION bench.uuid(name text) RETURNS uuid IMMUTABLE PARALLEL SAFE
    LANGUAGE sql AS $$ SELECT (substr(h, 1, 12) || '4' || substr(h, 14, 3) || '8' || substr(h, 18, 15))::uuid
                         FROM md5(name) h $$`);
  await client.query(
    `CREATE TEMP TABLE g ON COMMIT DROP AS
     SELECT i, nv, lead_rank,
            CASE WHEN nv THEN $2::uuid[] ELSE $3::uuid[] END AS ranked,
            (CASE WHEN nv THEN $2::uuid[] ELSE $3::uuid[] END)[lead_rank] AS lead,
            bench.uuid('case:' || i) AS case_id,
            bench.h(i, 3) < 0.2 AS open,
            bench.h(i, 2) < 0.1 AS consult,
            updated_at, updated_at - interval '200 days' * bench.h(i, 10) AS created_at
       FROM (SELECT i, bench.h(i, 1) < 0.65 AS nv,
                    CASE WHEN bench.h(i, 11) < 0.7 THEN 1 WHEN bench.h(i, 11) < 0.9 THEN 2 ELSE 3 END AS lead_rank,
                    timestamptz '2026-11-30 12:00:00+00' - interval '1825 days' * bench.h(i, 4) AS updated_at
               FROM generate_series(1, $1::int) i) s`,
    [count, nv, sf],
  );
  await client.query(
    `INSERT INTO cases.cases (id, reference, clinic_id, tier, status, cj_status, lead_agency_id, next_review_on,
                              agreed_risk_level, closed_at, created_by_user_id, version, created_at, updated_at)
     SELECT case_id,
            CASE WHEN nv THEN 'NV' ELSE 'SF' END || '-G' || lpad(i::text, 7, '0'),
            CASE WHEN nv THEN $1::uuid ELSE $2::uuid END,
            CASE WHEN consult THEN 'CONSULTATION_ONLY' ELSE 'CLINIC_CASE' END,
            CASE WHEN NOT open THEN 'CLOSED' WHEN consult THEN 'CONSULTATION'
                 ELSE (ARRAY['AWAITING_LISTING','LISTED','ACTIVE','MONITORING','ESCALATED'])[1 + floor(bench.h(i, 5) * 5)::int] END,
            (ARRAY['PRE_ARREST','UNDER_INVESTIGATION','RELEASED_UNDER_INVESTIGATION','ON_BAIL','CHARGED','AWAITING_TRIAL',
                   'CONVICTED','ON_LICENCE','NO_FURTHER_ACTION','ACQUITTED'])[1 + floor(bench.h(i, 6) * 10)::int],
            lead,
            CASE WHEN open THEN date '2027-01-04' + floor(bench.h(i, 7) * 180)::int END,
            CASE WHEN bench.h(i, 8) < 0.8 THEN (ARRAY['LOW','MEDIUM','HIGH','VERY_HIGH'])[1 + floor(bench.h(i, 8) / 0.8 * 4)::int] END,
            CASE WHEN NOT open THEN updated_at END,
            $3::uuid, 1 + floor(bench.h(i, 9) * 5)::int, created_at, updated_at
       FROM g`,
    [fixture.clinics.NV, fixture.clinics.SF, chair],
  );
  await client.query(
    `INSERT INTO cases.participants (id, case_id, agency_id, role_in_case, sharing_basis, basis_rationale, joined_at,
                                     left_at, added_by_user_id, ended_by_user_id, end_reason)
     SELECT bench.uuid('part:' || i || ':' || r), case_id, ranked[r],
            CASE WHEN r = lead_rank THEN 'LEAD' ELSE 'PARTNER' END, 'STATUTORY_GATEWAY', 'Crime and Disorder Act 1998 s115',
            created_at, CASE WHEN gone THEN created_at + interval '30 days' END, $1::uuid,
            CASE WHEN gone THEN $1::uuid END, CASE WHEN gone THEN 'No longer involved' END
       FROM (SELECT g.*, r, r <> lead_rank AND bench.h(i, 40 + r) < 0.05 AS gone
               FROM g CROSS JOIN LATERAL generate_series(1, cardinality(g.ranked)) r
              WHERE r = lead_rank OR bench.h(i, 20 + r) < 0.9 / r) p`,
    [chair],
  );
  await client.query(
    `INSERT INTO cases.persons (id, case_id, role, alias, given_name, family_name, date_of_birth, proximity_concern,
                                created_by_agency_id)
     SELECT bench.uuid('subject:' || i), case_id, 'SUBJECT', 'Subject', 'Given' || (i % 977), 'Family' || (i % 4999),
            date '1960-01-01' + (i % 12000)::int, bench.h(i, 12) < 0.3, lead
       FROM g`,
  );
  await client.query(
    `INSERT INTO cases.persons (id, case_id, role, alias, given_name, family_name, date_of_birth,
                                relationship_to_subject, age_band, vulnerability_flags, created_by_agency_id)
     SELECT bench.uuid('victim:' || i || ':' || k), case_id, 'VICTIM', 'Victim ' || chr(64 + k),
            'Vgiven' || (i % 883), 'Vfamily' || (i % 3001), date '1965-01-01' + ((i * 7 + k) % 14000)::int,
            (ARRAY['Former partner','Acquaintance','Neighbour','Former colleague','Stranger'])[1 + floor(bench.h(i, 30 + k) * 5)::int],
            (ARRAY['18_24','25_34','35_44','45_54','55_64','65_PLUS'])[1 + floor(bench.h(i, 32 + k) * 6)::int],
            CASE WHEN bench.h(i, 34 + k) < 0.25 THEN '{repeat victimisation}'::text[] ELSE '{}'::text[] END, lead
       FROM g CROSS JOIN LATERAL generate_series(1, CASE WHEN bench.h(i, 13) < 0.3 THEN 2 ELSE 1 END) k`,
  );
  // Synthetic contact details only: ZZ postcodes, Ofcom's drama range for phones.
  await client.query(
    `INSERT INTO cases.locations (id, person_id, case_id, kind, address_line1, town, postcode, phone,
                                  recorded_by_agency_id, recorded_by_user_id, created_at)
     SELECT bench.uuid('loc:' || p.id), p.id, p.case_id, 'HOME',
            (abs(hashtext(p.id::text)) % 200 + 1) || CASE WHEN p.role = 'SUBJECT' THEN ' Sample Lane' ELSE ' Example Road' END,
            CASE WHEN p.role = 'SUBJECT' THEN 'Demotown' ELSE 'Sampletown' END,
            'ZZ' || (abs(hashtext(p.id::text)) % 9 + 1) || ' ' || (abs(hashtext(p.id::text || 'x')) % 9 + 1) || 'ZZ',
            CASE WHEN p.role = 'SUBJECT' THEN NULL ELSE '07700 900' || lpad((abs(hashtext(p.id::text)) % 1000)::text, 3, '0') END,
            p.created_by_agency_id, $1::uuid, c.created_at
       FROM cases.persons p JOIN g c ON c.case_id = p.case_id`,
    [spoc],
  );
  await client.query('COMMIT');
  await client.query('ANALYZE');
  const { rows } = await client.query(
    `SELECT (SELECT count(*) FROM cases.cases)::int AS cases, (SELECT count(*) FROM cases.participants)::int AS participants,
            (SELECT count(*) FROM cases.persons)::int AS persons, (SELECT count(*) FROM cases.locations)::int AS locations`,
  );
  return rows[0];
}
