import {
  dashCountsProblem,
  foreignField,
  isHighRisk,
  sDashAnswerProblem,
  sDashScore,
  submissionGap,
  type SubmissionFacts,
} from './assessment-rules.js';

const facts = (over: Partial<SubmissionFacts>): SubmissionFacts => ({
  tool: 'SRP',
  answersCount: null,
  score: null,
  concernLevel: null,
  violence: null,
  persistence: null,
  recurrence: null,
  psychosocialDamage: null,
  rationale: null,
  answeredQuestions: 0,
  ...over,
});

describe('risk tool rules', () => {
  it('the S-DASH score is the number of yes answers; unknown and no count nothing', () => {
    expect(sDashScore([{ answer: 'YES' }, { answer: 'NO' }, { answer: 'UNKNOWN' }, { answer: 'YES' }])).toBe(
      2,
    );
    expect(sDashScore([])).toBe(0);
  });

  it('S-DASH questions are 1..11, each once', () => {
    expect(sDashAnswerProblem([{ question: 1 }, { question: 11 }])).toBeNull();
    expect(sDashAnswerProblem([{ question: 12 }])).toMatch(/1 to 11/);
    expect(sDashAnswerProblem([{ question: 0 }])).toMatch(/1 to 11/);
    expect(sDashAnswerProblem([{ question: 3 }, { question: 3 }])).toMatch(/twice/);
  });

  it('DASH RIC: at or above the threshold is high; no score or no threshold says nothing', () => {
    expect(isHighRisk(14, 14)).toBe(true);
    expect(isHighRisk(13, 14)).toBe(false);
    expect(isHighRisk(null, 14)).toBeNull();
    expect(isHighRisk(20, null)).toBeNull();
  });

  it('DASH RIC counts: score within answers within the item count', () => {
    expect(dashCountsProblem(27, 14, 27)).toBeNull();
    expect(dashCountsProblem(28, 14, 27)).toMatch(/answersCount cannot exceed 27/);
    expect(dashCountsProblem(10, 11, 27)).toMatch(/score cannot exceed answersCount/);
    expect(dashCountsProblem(null, 30, 27)).toMatch(/score cannot exceed 27/);
  });

  it('a field of another tool is refused by name', () => {
    expect(foreignField('S_DASH', { score: 3 })).toBe('score');
    expect(foreignField('SASH', { judgements: { violence: 'LOW' } })).toBe('judgements');
    expect(foreignField('SRP', { concernLevel: 'HIGH' })).toBe('concernLevel');
    expect(foreignField('DASH_RIC', { sDashAnswers: [{ question: 1 }] })).toBe('sDashAnswers');
    expect(foreignField('SRP', { judgements: { violence: 'LOW' }, rationale: 'x' })).toBeNull();
    expect(foreignField('S_DASH', { score: null, concernLevel: undefined })).toBeNull();
  });

  it('a submission must be complete for its tool', () => {
    expect(submissionGap(facts({ tool: 'S_DASH', answeredQuestions: 10 }))?.[1]).toBe('sDashAnswers');
    expect(submissionGap(facts({ tool: 'S_DASH', answeredQuestions: 11 }))).toBeNull();
    expect(submissionGap(facts({ tool: 'DASH_RIC', answersCount: 27 }))?.[1]).toBe('score');
    expect(submissionGap(facts({ tool: 'DASH_RIC', answersCount: 27, score: 3 }))).toBeNull();
    expect(submissionGap(facts({ tool: 'SASH' }))?.[1]).toBe('concernLevel');
    const srp = { violence: 'MODERATE', persistence: 'HIGH', recurrence: 'HIGH', psychosocialDamage: 'LOW' };
    expect(submissionGap(facts({ ...srp, recurrence: null }))?.[1]).toBe('judgements.recurrence');
    expect(submissionGap(facts({ ...srp, rationale: '  ' }))?.[1]).toBe('rationale');
    expect(submissionGap(facts({ ...srp, tool: 'SAM', rationale: 'Persistent pursuit' }))).toBeNull();
  });
});
