import { Field, ID, InputType, Int, registerEnumType } from '@nestjs/graphql';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Min } from 'class-validator';
import { CRIME_REFERENCE } from './breaches.inputs.js';

export const BREACH_APPROVAL_DECISIONS = ['APPROVE', 'REJECT'] as const;
export const BreachApprovalDecisionEnum = Object.fromEntries(
  BREACH_APPROVAL_DECISIONS.map((v) => [v, v]),
) as {
  [K in (typeof BREACH_APPROVAL_DECISIONS)[number]]: K;
};
registerEnumType(BreachApprovalDecisionEnum, { name: 'BreachApprovalDecision' });

@InputType()
export class DecideBreachApprovalInput {
  @Field(() => ID) @IsUUID() breachId: string;
  @Field(() => Int) @IsInt() @Min(1) expectedVersion: number;
  @Field(() => BreachApprovalDecisionEnum) @IsIn(BREACH_APPROVAL_DECISIONS) decision: string;
  @Field(() => String, {
    nullable: true,
    description:
      'Why: required to reject. Every partner reads it: never the victim’s address or contact details',
  })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  note?: string;
}

@InputType()
export class RecordBreachCrimeReferenceInput {
  @Field(() => ID) @IsUUID() breachId: string;
  @Field(() => Int) @IsInt() @Min(1) expectedVersion: number;
  @Field()
  @Matches(CRIME_REFERENCE, { message: 'crimeReference must be a force crime reference' })
  crimeReference: string;
}
