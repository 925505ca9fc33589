import { registerEnumType } from '@nestjs/graphql';
import {
  ANSWER_VALUES,
  ASSESSMENT_STATUSES,
  CONCERN_LEVELS,
  JUDGEMENT_LEVELS,
  RISK_TOOLS,
} from './assessment-rules.js';

const asEnum = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const RiskToolEnum = asEnum(RISK_TOOLS);
export const AssessmentStatusEnum = asEnum(ASSESSMENT_STATUSES);
export const ConcernLevelEnum = asEnum(CONCERN_LEVELS);
export const JudgementLevelEnum = asEnum(JUDGEMENT_LEVELS);
export const AnswerValueEnum = asEnum(ANSWER_VALUES);

registerEnumType(RiskToolEnum, { name: 'RiskTool' });
registerEnumType(AssessmentStatusEnum, { name: 'AssessmentStatus' });
registerEnumType(ConcernLevelEnum, { name: 'ConcernLevel', description: 'SASH level of concern' });
registerEnumType(JudgementLevelEnum, {
  name: 'JudgementLevel',
  description: 'Structured professional judgement for one domain (SRP, SAM)',
});
registerEnumType(AnswerValueEnum, { name: 'AnswerValue' });
