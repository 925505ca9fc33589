/**
 * The rules of the risk tools, free of framework and database: which fields a tool records,
 * how its score is derived, and what a submission must contain. Professional judgements are
 * recorded, never computed: the only arithmetic is counting S-DASH "yes" answers and comparing a
 * DASH RIC score with its configured threshold.
 */
export const RISK_TOOLS = ['S_DASH', 'DASH_RIC', 'SASH', 'SRP', 'SAM'] as const;
export type RiskTool = (typeof RISK_TOOLS)[number];

export const ASSESSMENT_STATUSES = ['DRAFT', 'SUBMITTED', 'SUPERSEDED'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

/** SASH level of concern. */
export const CONCERN_LEVELS = ['LOW', 'MEDIUM', 'HIGH'] as const;
/** Structured professional judgement per domain (SRP, SAM). */
export const JUDGEMENT_LEVELS = ['LOW', 'MODERATE', 'HIGH'] as const;
export const ANSWER_VALUES = ['YES', 'NO', 'UNKNOWN'] as const;
export type AnswerValue = (typeof ANSWER_VALUES)[number];

/** The S-DASH has 11 public yes/no questions; they are stored by number, 1 to 11. */
export const SDASH_QUESTION_COUNT = 11;

/** Domains of the structured judgement tools; the manuals' item text is never stored. */
export const JUDGEMENT_DOMAINS = ['violence', 'persistence', 'recurrence', 'psychosocialDamage'] as const;
export type JudgementDomain = (typeof JUDGEMENT_DOMAINS)[number];
export const JUDGEMENT_TOOLS: readonly RiskTool[] = ['SRP', 'SAM'];

export interface ToolFields {
  answersCount?: number | null;
  score?: number | null;
  concernLevel?: string | null;
  judgements?: Partial<Record<JudgementDomain, string | null>> | null;
  sDashAnswers?: readonly { question: number }[] | null;
  rationale?: string | null;
}

/** Which tool each tool-specific input belongs to (a field given for another tool is refused). */
const FIELD_TOOLS: Record<Exclude<keyof ToolFields, 'rationale'>, readonly RiskTool[]> = {
  answersCount: ['DASH_RIC'],
  score: ['DASH_RIC'],
  concernLevel: ['SASH'],
  judgements: JUDGEMENT_TOOLS,
  sDashAnswers: ['S_DASH'],
};

/** The first input field that does not belong to the tool, or null. */
export function foreignField(tool: RiskTool, input: ToolFields): string | null {
  for (const [field, tools] of Object.entries(FIELD_TOOLS) as [keyof typeof FIELD_TOOLS, RiskTool[]][])
    if (input[field] !== undefined && input[field] !== null && !tools.includes(tool)) return field;
  return null;
}

/** Duplicate or out-of-range S-DASH question numbers, as a message, or null. */
export function sDashAnswerProblem(answers: readonly { question: number }[]): string | null {
  const seen = new Set<number>();
  for (const a of answers) {
    if (!Number.isInteger(a.question) || a.question < 1 || a.question > SDASH_QUESTION_COUNT)
      return `S-DASH questions are numbered 1 to ${SDASH_QUESTION_COUNT}`;
    if (seen.has(a.question)) return `S-DASH question ${a.question} is answered twice`;
    seen.add(a.question);
  }
  return null;
}

/** S-DASH score: the number of "yes" answers. */
export function sDashScore(answers: readonly { answer: string }[]): number {
  return answers.filter((a) => a.answer === 'YES').length;
}

/** DASH RIC: a score at or above the configured threshold flags high risk. */
export function isHighRisk(score: number | null, threshold: number | null): boolean | null {
  if (score === null || threshold === null) return null;
  return score >= threshold;
}

/** DASH RIC counts: score ≤ answers ≤ the tool's item count. A message, or null. */
export function dashCountsProblem(
  answersCount: number | null | undefined,
  score: number | null | undefined,
  itemCount: number | null,
): string | null {
  if (answersCount !== null && answersCount !== undefined) {
    if (!Number.isInteger(answersCount) || answersCount < 0) return 'answersCount must be 0 or more';
    if (itemCount !== null && answersCount > itemCount) return `answersCount cannot exceed ${itemCount}`;
  }
  if (score !== null && score !== undefined) {
    if (!Number.isInteger(score) || score < 0) return 'score must be 0 or more';
    if (answersCount !== null && answersCount !== undefined && score > answersCount)
      return 'score cannot exceed answersCount';
    if (itemCount !== null && score > itemCount) return `score cannot exceed ${itemCount}`;
  }
  return null;
}

export interface SubmissionFacts {
  tool: RiskTool;
  answersCount: number | null;
  score: number | null;
  concernLevel: string | null;
  violence: string | null;
  persistence: string | null;
  recurrence: string | null;
  psychosocialDamage: string | null;
  rationale: string | null;
  answeredQuestions: number;
}

/** What a submission still lacks, as `[message, field]`, or null when it is complete. */
export function submissionGap(a: SubmissionFacts): [string, string] | null {
  switch (a.tool) {
    case 'S_DASH':
      return a.answeredQuestions === SDASH_QUESTION_COUNT
        ? null
        : [
            `All ${SDASH_QUESTION_COUNT} S-DASH questions need an answer (yes, no or unknown)`,
            'sDashAnswers',
          ];
    case 'DASH_RIC':
      if (a.answersCount === null)
        return ['A DASH RIC needs the number of questions answered', 'answersCount'];
      return a.score === null ? ['A DASH RIC needs its score', 'score'] : null;
    case 'SASH':
      return a.concernLevel === null ? ['A SASH needs its level of concern', 'concernLevel'] : null;
    case 'SRP':
    case 'SAM':
      for (const d of JUDGEMENT_DOMAINS)
        if (a[d] === null)
          return [`A ${a.tool} needs a judgement for every domain (${d} is missing)`, `judgements.${d}`];
      return a.rationale?.trim() ? null : ['A structured judgement needs its summary rationale', 'rationale'];
  }
}
