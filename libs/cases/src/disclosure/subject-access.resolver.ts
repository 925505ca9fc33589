import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { Policy } from '@scp/platform-graphql';
import type { CasesContext } from '../shared/context.js';
import { CreateSubjectAccessPackInput } from './subject-access.inputs.js';
import { SubjectAccessPackModel } from './subject-access.model.js';
import { SubjectAccessService } from './subject-access.service.js';

@Resolver(() => SubjectAccessPackModel)
export class SubjectAccessResolver {
  constructor(private readonly packs: SubjectAccessService) {}

  @Mutation(() => SubjectAccessPackModel, {
    description:
      "Produces a subject access pack of your agency's own data about a person of the case (JSON and PDF). " +
      'For the agency’s data protection officer, after break-glass on the case; audited as DISCLOSURE.',
  })
  @Policy(
    'disclosure: AUDITOR_DPO with break-glass; own-agency records only, through the screen access views',
  )
  async createSubjectAccessPack(
    @Context() ctx: CasesContext,
    @Args('input') input: CreateSubjectAccessPackInput,
  ) {
    return this.packs.create(ctx, input);
  }
}
