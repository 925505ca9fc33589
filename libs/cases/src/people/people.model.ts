import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Cat, Public } from '@scp/platform-graphql';
import { AgeBandEnum, LocationKindEnum, PersonRoleEnum } from '../shared/enums.js';

@ObjectType('SubjectLocation', { description: 'Subject address or whereabouts (D3)' })
export class SubjectLocationModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => LocationKindEnum, { nullable: true }) @Cat('D3') kind: string;
  @Field(() => String, { nullable: true }) @Cat('D3') addressLine1: string | null;
  @Field(() => String, { nullable: true }) @Cat('D3') addressLine2: string | null;
  @Field(() => String, { nullable: true }) @Cat('D3') town: string | null;
  @Field(() => String, { nullable: true }) @Cat('D3') postcode: string | null;
  @Field(() => String, { nullable: true }) @Cat('D3') details: string | null;
  @Field(() => Boolean, { nullable: true }) @Cat('D3') current: boolean;
  @Field(() => Date, { nullable: true }) @Cat('D3') recordedAt: Date;
}

@ObjectType('ProtectedLocation', {
  description: 'Victim or third-party location and contact (D12); read only with a stated purpose',
})
export class ProtectedLocationModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => LocationKindEnum, { nullable: true }) @Cat('D12', { inheritPurpose: true }) kind: string;
  @Field(() => String, { nullable: true }) @Cat('D12', { inheritPurpose: true }) addressLine1: string | null;
  @Field(() => String, { nullable: true }) @Cat('D12', { inheritPurpose: true }) addressLine2: string | null;
  @Field(() => String, { nullable: true }) @Cat('D12', { inheritPurpose: true }) town: string | null;
  @Field(() => String, { nullable: true }) @Cat('D12', { inheritPurpose: true }) postcode: string | null;
  @Field(() => String, { nullable: true }) @Cat('D12', { inheritPurpose: true }) phone: string | null;
  @Field(() => String, { nullable: true }) @Cat('D12', { inheritPurpose: true }) email: string | null;
  @Field(() => String, { nullable: true }) @Cat('D12', { inheritPurpose: true }) details: string | null;
  @Field(() => Boolean, { nullable: true }) @Cat('D12', { inheritPurpose: true }) current: boolean;
  @Field(() => Date, { nullable: true }) @Cat('D12', { inheritPurpose: true }) recordedAt: Date;
}

@ObjectType('Subject', { description: 'The person whose behaviour the clinic reviews' })
export class SubjectModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => String, { nullable: true }) @Cat('D2') givenName: string | null;
  @Field(() => String, { nullable: true }) @Cat('D2') familyName: string | null;
  @Field(() => [String], { nullable: true }) @Cat('D2') otherNames: string[];
  @Field(() => String, { nullable: true }) @Cat('D2') dateOfBirth: string | null;
  @Field(() => Boolean, {
    nullable: true,
    description:
      'Whether the subject lives, works or is seen near the victim (the only D3 fact advocates see)',
  })
  @Cat('D3:limited')
  proximityConcern: boolean | null;
  @Field(() => Int, { nullable: true }) @Cat('D2') version: number;
}

@ObjectType('VictimVoice', { description: "The victim's voice and safety-plan summary (D13)" })
export class VictimVoiceModel {
  @Field(() => String, { nullable: true }) @Cat('D13') voiceSummary: string | null;
  @Field(() => String, { nullable: true }) @Cat('D13') safetyPlanSummary: string | null;
  @Field(() => String, { nullable: true, description: 'Pseudonymised summary written for sharing' })
  @Cat('D13:limited')
  sharedSummary: string | null;
  @Field(() => Int, { nullable: true }) @Cat('D13:limited') version: number;
  @Field(() => Date, { nullable: true }) @Cat('D13:limited') updatedAt: Date;
}

@ObjectType('ProtectedPerson', { description: 'A victim, or a third party targeted by proxy' })
export class ProtectedPersonModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => PersonRoleEnum) @Public() role: string;
  @Field(() => String, { nullable: true, description: 'Stable pseudonym, e.g. "Victim A"' })
  @Cat('D11:limited')
  alias: string;
  @Field(() => String, { nullable: true }) @Cat('D11:limited') relationshipToSubject: string | null;
  @Field(() => AgeBandEnum, { nullable: true }) @Cat('D11:limited') ageBand: string | null;
  @Field(() => [String], { nullable: true }) @Cat('D11:limited') vulnerabilityFlags: string[];
  @Field(() => String, { nullable: true }) @Cat('D11') givenName: string | null;
  @Field(() => String, { nullable: true }) @Cat('D11') familyName: string | null;
  @Field(() => String, { nullable: true }) @Cat('D11') dateOfBirth: string | null;
  @Field(() => Int, { nullable: true }) @Cat('D11:limited') version: number;
}
