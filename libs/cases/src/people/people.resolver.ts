import {
  Args,
  Context,
  Field,
  ID,
  Mutation,
  ObjectType,
  Parent,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { accessOf } from '@scp/platform-access';
import { Cat, Policy, Public, PurposeReasonEnum, requirePurpose } from '@scp/platform-graphql';
import type { CasesContext } from '../shared/context.js';
import { PeopleService } from './people.service.js';
import {
  ProtectedLocationModel,
  ProtectedPersonModel,
  SubjectLocationModel,
  SubjectModel,
  VictimVoiceModel,
} from './people.model.js';
import {
  AddLocationInput,
  AddPersonInput,
  UpdatePersonInput,
  UpdateVictimVoiceInput,
} from './people.inputs.js';

@ObjectType('Recorded', { description: 'Acknowledges a write; read the case again to see the result' })
export class RecordedModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => ID) @Public() caseId: string;
}

const viewOf = (parent: object) => {
  const view = accessOf(parent);
  if (!view) throw new Error('object without an access view reached a resolver');
  return view;
};

@Resolver(() => SubjectModel)
export class SubjectResolver {
  constructor(private readonly people: PeopleService) {}

  @ResolveField(() => [SubjectLocationModel], { nullable: true })
  @Cat('D3')
  async locations(@Parent() parent: { id: string }, @Context() ctx: CasesContext) {
    return this.people.locationsOf(ctx, viewOf(parent), parent.id);
  }
}

@Resolver(() => ProtectedPersonModel)
export class ProtectedPersonResolver {
  constructor(private readonly people: PeopleService) {}

  @ResolveField(() => [ProtectedLocationModel], { nullable: true, description: 'D12: state why you need it' })
  @Cat('D12', { purpose: true })
  async locations(
    @Parent() parent: { id: string },
    @Context() ctx: CasesContext,
    @Args('reason', { type: () => PurposeReasonEnum, description: 'Why you need it, from the list' })
    reason: string,
    @Args('purpose', {
      type: () => String,
      description: 'Why you need the location, in a sentence (written to the audit log)',
    })
    purpose: string,
  ) {
    return this.people.locationsOf(ctx, viewOf(parent), parent.id, requirePurpose(reason, purpose));
  }

  @ResolveField(() => VictimVoiceModel, { nullable: true })
  @Cat('D13:limited')
  async voice(@Parent() parent: { id: string }, @Context() ctx: CasesContext) {
    return this.people.voiceOf(ctx, viewOf(parent), parent.id);
  }
}

@Resolver()
export class PeopleMutations {
  constructor(private readonly people: PeopleService) {}

  @Mutation(() => RecordedModel, { description: 'Adds the subject, a victim or a third party to a case' })
  @Policy('case:update D2 (subject) or D11 (victim, third party); D3 for proximity')
  async addPerson(@Context() ctx: CasesContext, @Args('input') input: AddPersonInput) {
    return { id: await this.people.addPerson(ctx, input), caseId: input.caseId };
  }

  @Mutation(() => RecordedModel)
  @Policy('case:update D2 or D11 (and D3 for proximity)')
  async updatePerson(@Context() ctx: CasesContext, @Args('input') input: UpdatePersonInput) {
    return this.people.updatePerson(ctx, input);
  }

  @Mutation(() => RecordedModel)
  @Policy('case:update D3 (subject) or D12 (victim, third party)')
  async addLocation(@Context() ctx: CasesContext, @Args('input') input: AddLocationInput) {
    return this.people.addLocation(ctx, input);
  }

  @Mutation(() => RecordedModel)
  @Policy('case:update D13')
  async updateVictimVoice(@Context() ctx: CasesContext, @Args('input') input: UpdateVictimVoiceInput) {
    return this.people.updateVictimVoice(ctx, input);
  }
}
