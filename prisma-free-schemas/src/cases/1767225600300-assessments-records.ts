import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AGENCY_TYPES, RISK_LEVELS } from '@scp/contracts';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

// Kept here rather than imported: schema projects may not depend on the domain library.
const RISK_TOOLS = ['S_DASH', 'DASH_RIC', 'SASH', 'SRP', 'SAM'];
const JUDGEMENTS = ['LOW', 'MODERATE', 'HIGH'];
const TEXT_MAX = 20000;

/** Authorship and optimistic-locking columns every agency-authored record carries. */
const authored = `
        author_agency_id uuid NOT NULL,
        author_user_id uuid NOT NULL,
        updated_by_agency_id uuid NOT NULL,
        updated_by_user_id uuid NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()`;

const authoredConstraints = (t: string) => `
        CONSTRAINT ${t}_pk PRIMARY KEY (id),
        CONSTRAINT ${t}_case_fk FOREIGN KEY (case_id) REFERENCES cases.cases (id),
        CONSTRAINT ${t}_author_agency_fk FOREIGN KEY (author_agency_id) REFERENCES cases.agencies (id),
        CONSTRAINT ${t}_author_user_fk FOREIGN KEY (author_user_id) REFERENCES cases.users (id),
        CONSTRAINT ${t}_updated_by_agency_fk FOREIGN KEY (updated_by_agency_id) REFERENCES cases.agencies (id),
        CONSTRAINT ${t}_updated_by_user_fk FOREIGN KEY (updated_by_user_id) REFERENCES cases.users (id),
        CONSTRAINT ${t}_version_ck CHECK (version >= 1)`;

const textChecks = (t: string, columns: string[]) =>
  columns
    .map((c) => `,\n        CONSTRAINT ${t}_${c}_len_ck CHECK (${c} IS NULL OR length(${c}) <= ${TEXT_MAX})`)
    .join('');

/**
 * Risk assessments (D8) with their configurable tool rules, the chair's agreed clinic risk level
 * and its history, the formulation (D7) and clinical detail (D6), and the agency records: police
 * shared summary (D5) and intelligence (D4), probation shared summary (D10) and detail (D9),
 * advocacy records (D14). Nothing is deleted: records are versioned in place, assessments are
 * superseded, agreed levels append.
 */
export class AssessmentsRecords1767225600300 implements MigrationInterface {
  name = 'AssessmentsRecords1767225600300';

  async up(q: QueryRunner): Promise<void> {
    // Tool rules are configuration: thresholds and which agency types complete a tool, per tool
    // version, with a DEFAULT row used when the version has none of its own.
    await q.query(`
      CREATE TABLE cases.risk_tool_config (
        tool text NOT NULL,
        tool_version text NOT NULL,
        item_count integer NULL,
        high_threshold integer NULL,
        author_agency_types text[] NOT NULL,
        active boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT risk_tool_config_pk PRIMARY KEY (tool, tool_version),
        CONSTRAINT risk_tool_config_tool_ck CHECK (tool IN (${list(RISK_TOOLS)})),
        CONSTRAINT risk_tool_config_version_ck CHECK (tool_version ~ '^[A-Za-z0-9._ -]{1,40}$'),
        CONSTRAINT risk_tool_config_items_ck CHECK (item_count IS NULL OR item_count BETWEEN 1 AND 200),
        CONSTRAINT risk_tool_config_threshold_ck CHECK (high_threshold IS NULL OR (high_threshold >= 0 AND (item_count IS NULL OR high_threshold <= item_count))),
        CONSTRAINT risk_tool_config_agency_types_ck CHECK (cardinality(author_agency_types) >= 1 AND author_agency_types <@ ARRAY[${list(AGENCY_TYPES)}]::text[])
      )`);
    await q.query(`
      INSERT INTO cases.risk_tool_config (tool, tool_version, item_count, high_threshold, author_agency_types) VALUES
        ('S_DASH', 'DEFAULT', 11, NULL, '{POLICE}'),
        ('DASH_RIC', 'DEFAULT', 27, 14, '{POLICE}'),
        ('SASH', 'DEFAULT', NULL, NULL, '{POLICE,HEALTH}'),
        ('SRP', 'DEFAULT', NULL, NULL, '{HEALTH}'),
        ('SAM', 'DEFAULT', NULL, NULL, '{HEALTH,POLICE}')`);

    // Structured judgements only: the licensed SRP/SAM manuals' item text is never stored.
    await q.query(`
      CREATE TABLE cases.assessments (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        tool text NOT NULL,
        tool_version text NOT NULL,
        status text NOT NULL DEFAULT 'DRAFT',
        assessed_on date NOT NULL,
        score integer NULL,
        answers_count integer NULL,
        high_threshold integer NULL,
        concern_level text NULL,
        violence text NULL,
        persistence text NULL,
        recurrence text NULL,
        psychosocial_damage text NULL,
        rationale text NULL,
        submitted_at timestamptz NULL,
        superseded_at timestamptz NULL,
        superseded_by_id uuid NULL,${authored},${authoredConstraints('assessments')},
        CONSTRAINT assessments_superseded_by_fk FOREIGN KEY (superseded_by_id) REFERENCES cases.assessments (id),
        CONSTRAINT assessments_tool_ck CHECK (tool IN (${list(RISK_TOOLS)})),
        CONSTRAINT assessments_tool_version_ck CHECK (tool_version ~ '^[A-Za-z0-9._ -]{1,40}$'),
        CONSTRAINT assessments_status_ck CHECK (status IN ('DRAFT', 'SUBMITTED', 'SUPERSEDED')),
        CONSTRAINT assessments_submitted_ck CHECK ((status = 'DRAFT') = (submitted_at IS NULL)),
        CONSTRAINT assessments_superseded_ck CHECK ((status = 'SUPERSEDED') = (superseded_at IS NOT NULL)),
        CONSTRAINT assessments_score_ck CHECK (score IS NULL OR score >= 0),
        CONSTRAINT assessments_answers_ck CHECK (answers_count IS NULL OR (tool = 'DASH_RIC' AND answers_count >= 0 AND (score IS NULL OR score <= answers_count))),
        CONSTRAINT assessments_concern_ck CHECK (concern_level IS NULL OR (tool = 'SASH' AND concern_level IN ('LOW', 'MEDIUM', 'HIGH'))),
        CONSTRAINT assessments_judgements_ck CHECK (
          (violence IS NULL AND persistence IS NULL AND recurrence IS NULL AND psychosocial_damage IS NULL) OR tool IN ('SRP', 'SAM')),
        CONSTRAINT assessments_judgement_values_ck CHECK (
          (violence IS NULL OR violence IN (${list(JUDGEMENTS)})) AND (persistence IS NULL OR persistence IN (${list(JUDGEMENTS)}))
          AND (recurrence IS NULL OR recurrence IN (${list(JUDGEMENTS)})) AND (psychosocial_damage IS NULL OR psychosocial_damage IN (${list(JUDGEMENTS)})))${textChecks('assessments', ['rationale'])}
      )`);
    await q.query(
      `CREATE INDEX assessments_case_idx ON cases.assessments (case_id, assessed_on DESC, created_at DESC)`,
    );
    // At most one current submission per tool and agency: a new one supersedes it.
    await q.query(
      `CREATE UNIQUE INDEX assessments_one_submitted_uq ON cases.assessments (case_id, tool, author_agency_id) WHERE status = 'SUBMITTED'`,
    );
    await q.query(`
      CREATE TABLE cases.sdash_answers (
        assessment_id uuid NOT NULL,
        question integer NOT NULL,
        answer text NOT NULL,
        comment text NULL,
        CONSTRAINT sdash_answers_pk PRIMARY KEY (assessment_id, question),
        CONSTRAINT sdash_answers_assessment_fk FOREIGN KEY (assessment_id) REFERENCES cases.assessments (id),
        CONSTRAINT sdash_answers_question_ck CHECK (question BETWEEN 1 AND 11),
        CONSTRAINT sdash_answers_answer_ck CHECK (answer IN ('YES', 'NO', 'UNKNOWN')),
        CONSTRAINT sdash_answers_comment_ck CHECK (comment IS NULL OR length(comment) <= 2000)
      )`);

    // The chair's agreed level: a separate, append-only record; the case header carries the latest.
    await q.query(`
      CREATE TABLE cases.risk_agreements (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        level text NOT NULL,
        previous_level text NULL,
        rationale text NOT NULL,
        agreed_by_user_id uuid NOT NULL,
        agreed_by_agency_id uuid NOT NULL,
        case_version integer NOT NULL,
        agreed_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT risk_agreements_pk PRIMARY KEY (id),
        CONSTRAINT risk_agreements_case_fk FOREIGN KEY (case_id) REFERENCES cases.cases (id),
        CONSTRAINT risk_agreements_user_fk FOREIGN KEY (agreed_by_user_id) REFERENCES cases.users (id),
        CONSTRAINT risk_agreements_agency_fk FOREIGN KEY (agreed_by_agency_id) REFERENCES cases.agencies (id),
        CONSTRAINT risk_agreements_level_ck CHECK (level IN (${list(RISK_LEVELS)})),
        CONSTRAINT risk_agreements_previous_ck CHECK (previous_level IS NULL OR previous_level IN (${list(RISK_LEVELS)})),
        CONSTRAINT risk_agreements_rationale_ck CHECK (length(btrim(rationale)) >= 10 AND length(rationale) <= 4000)
      )`);
    await q.query(
      `CREATE INDEX risk_agreements_case_idx ON cases.risk_agreements (case_id, agreed_at DESC, id DESC)`,
    );
    await q.query(`
      CREATE TABLE cases.risk_agreement_citations (
        agreement_id uuid NOT NULL,
        assessment_id uuid NOT NULL,
        CONSTRAINT risk_agreement_citations_pk PRIMARY KEY (agreement_id, assessment_id),
        CONSTRAINT risk_agreement_citations_agreement_fk FOREIGN KEY (agreement_id) REFERENCES cases.risk_agreements (id),
        CONSTRAINT risk_agreement_citations_assessment_fk FOREIGN KEY (assessment_id) REFERENCES cases.assessments (id)
      )`);
    await q.query(
      `CREATE INDEX risk_agreement_citations_assessment_idx ON cases.risk_agreement_citations (assessment_id)`,
    );

    await q.query(`
      CREATE TABLE cases.formulations (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        summary text NULL,
        risk_scenarios text NULL,
        protective_factors text NULL,
        recommendations text NULL,
        victim_safety text NULL,${authored},${authoredConstraints('formulations')},
        CONSTRAINT formulations_case_uq UNIQUE (case_id)${textChecks('formulations', ['summary', 'risk_scenarios', 'protective_factors', 'recommendations', 'victim_safety'])}
      )`);
    await q.query(`
      CREATE TABLE cases.clinical_records (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        recorded_on date NOT NULL,
        diagnoses text NULL,
        medication text NULL,
        clinical_notes text NULL,
        report_tool text NULL,
        report_text text NULL,
        assessment_id uuid NULL,${authored},${authoredConstraints('clinical_records')},
        CONSTRAINT clinical_records_assessment_fk FOREIGN KEY (assessment_id) REFERENCES cases.assessments (id),
        CONSTRAINT clinical_records_report_tool_ck CHECK (report_tool IS NULL OR report_tool IN ('SRP', 'SAM'))${textChecks('clinical_records', ['diagnoses', 'medication', 'clinical_notes', 'report_text'])}
      )`);
    await q.query(
      `CREATE INDEX clinical_records_case_idx ON cases.clinical_records (case_id, recorded_on DESC, created_at DESC)`,
    );

    await q.query(`
      CREATE TABLE cases.police_summaries (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        relevant_history text NULL,
        investigation_status text NULL,
        bail_conditions text NULL,
        arrests text NULL,${authored},${authoredConstraints('police_summaries')},
        CONSTRAINT police_summaries_case_uq UNIQUE (case_id)${textChecks('police_summaries', ['relevant_history', 'investigation_status', 'bail_conditions', 'arrests'])}
      )`);
    await q.query(`
      CREATE TABLE cases.police_intelligence (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        intelligence text NULL,
        offending_history text NULL,${authored},${authoredConstraints('police_intelligence')},
        CONSTRAINT police_intelligence_case_uq UNIQUE (case_id)${textChecks('police_intelligence', ['intelligence', 'offending_history'])}
      )`);
    await q.query(`
      CREATE TABLE cases.probation_summaries (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        order_type text NULL,
        supervision_status text NULL,
        compliance text NULL,
        conditions jsonb NOT NULL DEFAULT '[]'::jsonb,
        rosh_known_adult text NULL,
        rosh_public text NULL,
        rosh_children text NULL,
        rosh_staff text NULL,
        rosh_assessed_on date NULL,${authored},${authoredConstraints('probation_summaries')},
        CONSTRAINT probation_summaries_case_uq UNIQUE (case_id),
        CONSTRAINT probation_summaries_conditions_ck CHECK (jsonb_typeof(conditions) = 'array' AND jsonb_array_length(conditions) <= 50),
        CONSTRAINT probation_summaries_rosh_ck CHECK (
          (rosh_known_adult IS NULL OR rosh_known_adult IN (${list(RISK_LEVELS)})) AND (rosh_public IS NULL OR rosh_public IN (${list(RISK_LEVELS)}))
          AND (rosh_children IS NULL OR rosh_children IN (${list(RISK_LEVELS)})) AND (rosh_staff IS NULL OR rosh_staff IN (${list(RISK_LEVELS)})))${textChecks('probation_summaries', ['order_type', 'supervision_status', 'compliance'])}
      )`);
    await q.query(`
      CREATE TABLE cases.probation_details (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        case_notes text NULL,
        oasys_summary text NULL,
        sentence_plan text NULL,${authored},${authoredConstraints('probation_details')},
        CONSTRAINT probation_details_case_uq UNIQUE (case_id)${textChecks('probation_details', ['case_notes', 'oasys_summary', 'sentence_plan'])}
      )`);
    await q.query(`
      CREATE TABLE cases.advocacy_records (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        recorded_on date NOT NULL,
        disclosures text NULL,
        health text NULL,
        counselling text NULL,
        needs text NULL,${authored},${authoredConstraints('advocacy_records')}${textChecks('advocacy_records', ['disclosures', 'health', 'counselling', 'needs'])}
      )`);
    // Read per case, always narrowed to the reader's own agency.
    await q.query(
      `CREATE INDEX advocacy_records_case_agency_idx ON cases.advocacy_records (case_id, author_agency_id, recorded_on DESC)`,
    );

    const tables = [
      'risk_tool_config',
      'assessments',
      'sdash_answers',
      'risk_agreements',
      'risk_agreement_citations',
      'formulations',
      'clinical_records',
      'police_summaries',
      'police_intelligence',
      'probation_summaries',
      'probation_details',
      'advocacy_records',
    ].map((t) => `cases.${t}`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON ${tables.join(', ')} TO scp_app`);
    // The agreed-level history is append-only, like the audit log: no path may rewrite it.
    await q.query(`REVOKE UPDATE ON cases.risk_agreements, cases.risk_agreement_citations FROM scp_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'advocacy_records',
      'probation_details',
      'probation_summaries',
      'police_intelligence',
      'police_summaries',
      'clinical_records',
      'formulations',
      'risk_agreement_citations',
      'risk_agreements',
      'sdash_answers',
      'assessments',
      'risk_tool_config',
    ])
      await q.query(`DROP TABLE cases.${t}`);
  }
}
