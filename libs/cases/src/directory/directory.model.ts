import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Cat, Public } from '@scp/platform-graphql';
import { AgencyTypeEnum, CadenceEnum, RoleEnum } from '../shared/enums.js';

/** Organisational facts, not personal data: readable wherever an agency is referenced. */
@ObjectType('Agency')
export class AgencyModel {
  @Field(() => ID) @Public() id: string;
  @Field() @Public() code: string;
  @Field() @Public() name: string;
  @Field(() => AgencyTypeEnum) @Public() type: string;
  @Field() @Public() active: boolean;
  @Field(() => Int, { nullable: true }) @Cat('DIR') version: number;
}

@ObjectType('ClinicMember')
export class ClinicMemberModel {
  @Field(() => AgencyModel) @Public() agency: AgencyModel;
  @Field(() => String, {
    nullable: true,
    description: 'Date the agency signed the information sharing agreement',
  })
  @Public()
  isaSignedOn: string | null;
}

@ObjectType('Clinic')
export class ClinicModel {
  @Field(() => ID) @Public() id: string;
  @Field() @Public() code: string;
  @Field() @Public() name: string;
  @Field(() => CadenceEnum) @Public() cadence: string;
  @Field(() => Int, { description: 'ISO weekday of meetings, 1 = Monday' }) @Public() meetingWeekday: number;
  @Field(() => Int) @Public() referralDeadlineWorkingDays: number;
  @Field(() => Int) @Public() agendaPublicationWorkingDays: number;
  @Field() @Public() active: boolean;
  @Field(() => Int, { nullable: true }) @Cat('DIR') version: number;
  @Field(() => [ClinicMemberModel], { nullable: true }) @Cat('DIR') members?: ClinicMemberModel[];
}

@ObjectType('UserRole')
export class UserRoleModel {
  @Field(() => RoleEnum) @Public() role: string;
  @Field(() => ID, { nullable: true }) @Public() clinicId: string | null;
}

@ObjectType('User')
export class UserModel {
  @Field(() => ID) @Public() id: string;
  @Field() @Public() displayName: string;
  @Field(() => AgencyModel, { nullable: true }) @Public() agency?: AgencyModel;
  @Field(() => String, { nullable: true }) @Cat('DIR') username: string;
  @Field(() => String, { nullable: true }) @Cat('DIR') email: string | null;
  @Field(() => Boolean, { nullable: true }) @Cat('DIR') active: boolean;
  @Field(() => [UserRoleModel], { nullable: true }) @Cat('DIR') roles: UserRoleModel[];
  @Field(() => Int, { nullable: true }) @Cat('DIR') version: number;
}

@ObjectType('Me', { description: 'The signed-in user, as the platform sees them' })
export class MeModel {
  @Field(() => ID) @Public() userId: string;
  @Field() @Public() displayName: string;
  @Field(() => AgencyModel) @Public() agency: AgencyModel;
  @Field(() => [RoleEnum], { description: 'Roles that count for this agency type' })
  @Public()
  roles: string[];
  @Field(() => [ClinicModel]) @Public() clinics: ClinicModel[];
}

@ObjectType('UserConnection')
export class UserConnection {
  @Field(() => [UserModel]) @Public() nodes: UserModel[];
  @Field(() => String, { nullable: true }) @Public() endCursor: string | null;
  @Field() @Public() hasNextPage: boolean;
}
