import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Cat, Public } from '@scp/platform-graphql';
import { CaseStatusEnum } from '../shared/enums.js';
import { EscalationTargetEnum, VictimViewStatusEnum } from './lifecycle.enums.js';

@ObjectType('Escalation', { description: 'A referral of the case to MAPPA or MARAC (D1)' })
export class EscalationModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => EscalationTargetEnum, { nullable: true }) @Cat('D1') target: string;
  @Field(() => Int, { nullable: true }) @Cat('D1') mappaLevel: number | null;
  @Field(() => String, { nullable: true }) @Cat('D1') externalReference: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) @Cat('D1') escalatedOn: string;
  @Field(() => String, { nullable: true }) @Cat('D1') notes: string | null;
  @Field(() => CaseStatusEnum, { nullable: true }) @Cat('D1') previousStatus: string;
  @Field(() => Date, { nullable: true }) @Cat('D1') createdAt: Date;

  // Kept for resolvers; not GraphQL fields.
  escalatedByAgencyId: string;
}

@ObjectType('ActionOverride', { description: 'An open action the chair closed the case regardless of' })
export class ActionOverrideModel {
  @Field(() => ID) @Public() actionId: string;
  @Field(() => String, { nullable: true }) @Cat('D1') reason: string;
}

@ObjectType('OrderInForce', {
  description: 'An order in force when the case closed, as listed in the closure',
})
export class OrderInForceModel {
  @Field(() => ID) @Public() orderId: string;
  @Field(() => String, { nullable: true, description: 'Order type code, e.g. INTERIM_SPO' })
  @Cat('D15')
  orderType: string;
  @Field(() => String, { nullable: true }) @Cat('D15') orderTypeName: string;
  @Field(() => String, { nullable: true }) @Cat('D15') status: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) @Cat('D15') servedOn: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; null when until further order' })
  @Cat('D15')
  expiresOn: string | null;
  @Field(() => Boolean, { nullable: true }) @Cat('D15') untilFurtherOrder: boolean;
}

@ObjectType('ClosureVictimView', {
  description: "The victim's view of closure, recorded through the advocate (D13)",
})
export class ClosureVictimViewModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => String, { nullable: true }) @Cat('D13') victimView: string | null;
  @Field(() => String, { nullable: true }) @Cat('D13') notContactableReason: string | null;
  @Field(() => Date, { nullable: true }) @Cat('D13') recordedAt: Date;
}

@ObjectType('Closure', { description: "The chair's closure of a case" })
export class ClosureModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => Date, { nullable: true }) @Cat('D1') closedAt: Date;
  @Field(() => String, { nullable: true }) @Cat('D1') rationale: string;
  @Field(() => CaseStatusEnum, { nullable: true }) @Cat('D1') previousStatus: string;
  @Field(() => VictimViewStatusEnum, { nullable: true }) @Cat('D1') victimViewStatus: string;
  @Field(() => String, { nullable: true, description: "The victim's view, in the advocate's words" })
  @Cat('D13')
  victimView: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The advocate’s reason the victim was not contactable',
  })
  @Cat('D13')
  victimNotContactableReason: string | null;
  @Field(() => String, {
    nullable: true,
    description: "The chair's note that the victim was not contactable (when no advocate recorded a view)",
  })
  @Cat('D1')
  chairNotContactableNote: string | null;
  @Field(() => [ActionOverrideModel], { nullable: true }) @Cat('D1') actionOverrides: ActionOverrideModel[];
  @Field(() => [OrderInForceModel], { nullable: true }) @Cat('D15') ordersInForce: OrderInForceModel[];

  // Kept for resolvers; not GraphQL fields.
  closedByAgencyId: string;
}

@ObjectType('RepeatOpening', { description: 'Why this case was opened as a repeat of a closed one (D1)' })
export class RepeatOpeningModel {
  @Field(() => String, { nullable: true }) @Cat('D1') reason: string;
  @Field(() => Date, { nullable: true }) @Cat('D1') openedAt: Date;

  // Kept for resolvers; not GraphQL fields.
  repeatOfCaseId: string;
}
