import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Cat, Public } from '@scp/platform-graphql';
import { RiskToolEnum } from '../assessments/assessment.enums.js';

@ObjectType('Formulation', {
  description:
    'The shared formulation and risk-management recommendations (D7), written by mental health for sharing; advocates read the victim-safety part only',
})
export class FormulationModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => String, { nullable: true }) @Cat('D7') summary: string | null;
  @Field(() => String, { nullable: true }) @Cat('D7') riskScenarios: string | null;
  @Field(() => String, { nullable: true }) @Cat('D7') protectiveFactors: string | null;
  @Field(() => String, { nullable: true, description: 'Risk-management recommendations' })
  @Cat('D7')
  recommendations: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The victim-safety part, written to be shared with the victim advocate',
  })
  @Cat('D7:limited')
  victimSafety: string | null;
  @Field(() => Int, { nullable: true }) @Cat('D7:limited') version: number;
  @Field(() => Date, { nullable: true }) @Cat('D7:limited') createdAt: Date;
  @Field(() => Date, { nullable: true }) @Cat('D7:limited') updatedAt: Date;
}

@ObjectType('ClinicalRecord', {
  description: 'Clinical detail (D6): mental health only, read with a stated purpose',
})
export class ClinicalRecordModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  @Cat('D6', { inheritPurpose: true })
  recordedOn: string;
  @Field(() => String, { nullable: true }) @Cat('D6', { inheritPurpose: true }) diagnoses: string | null;
  @Field(() => String, { nullable: true }) @Cat('D6', { inheritPurpose: true }) medication: string | null;
  @Field(() => String, { nullable: true }) @Cat('D6', { inheritPurpose: true }) clinicalNotes: string | null;
  @Field(() => RiskToolEnum, {
    nullable: true,
    description: 'SRP or SAM, when the record holds its full report',
  })
  @Cat('D6', { inheritPurpose: true })
  reportTool: string | null;
  @Field(() => String, { nullable: true, description: 'The full SRP/SAM report text' })
  @Cat('D6', { inheritPurpose: true })
  reportText: string | null;
  @Field(() => ID, { nullable: true, description: 'The structured judgement (D8) the report belongs to' })
  @Cat('D6', { inheritPurpose: true })
  assessmentId: string | null;
  @Field(() => Int, { nullable: true }) @Cat('D6', { inheritPurpose: true }) version: number;
  @Field(() => Date, { nullable: true }) @Cat('D6', { inheritPurpose: true }) createdAt: Date;
  @Field(() => Date, { nullable: true }) @Cat('D6', { inheritPurpose: true }) updatedAt: Date;
}
