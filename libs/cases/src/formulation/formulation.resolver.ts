import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { WithAccess } from '@scp/platform-access';
import { Cat, Policy, PurposeReasonEnum, requirePurpose } from '@scp/platform-graphql';
import type { CasesContext } from '../shared/context.js';
import { CaseModel } from '../case/case.model.js';
import type { CaseRow } from '../case/case.repository.js';
import { RecordedModel } from '../people/people.resolver.js';
import { authorshipResolver } from '../agency-records/record-support.js';
import { ClinicalRecordModel, FormulationModel } from './formulation.model.js';
import {
  CreateClinicalRecordInput,
  CreateFormulationInput,
  UpdateClinicalRecordInput,
  UpdateFormulationInput,
} from './formulation.inputs.js';
import { FormulationService } from './formulation.service.js';

@Resolver(() => CaseModel)
export class FormulationCaseFields {
  constructor(private readonly service: FormulationService) {}

  @ResolveField(() => FormulationModel, {
    nullable: true,
    description: 'Shared formulation (D7; advocates: the victim-safety part)',
  })
  @Cat('D7:limited')
  async formulation(@Parent() parent: WithAccess<CaseRow>, @Context() ctx: CasesContext) {
    return this.service.formulationOf(ctx, parent);
  }

  @ResolveField(() => [ClinicalRecordModel], {
    nullable: true,
    description: 'Clinical detail (D6): state why you need it',
  })
  @Cat('D6', { purpose: true })
  async clinicalRecords(
    @Parent() parent: WithAccess<CaseRow>,
    @Context() ctx: CasesContext,
    @Args('reason', { type: () => PurposeReasonEnum, description: 'Why you need it, from the list' })
    reason: string,
    @Args('purpose', {
      type: () => String,
      description: 'Why you need it, in a sentence (written to the audit log)',
    })
    purpose: string,
  ) {
    return this.service.clinicalRecordsOf(ctx, parent, requirePurpose(reason, purpose));
  }
}

export const FormulationAuthorship = authorshipResolver(
  FormulationModel,
  'D7:limited',
  'FormulationAuthorship',
);
export const ClinicalRecordAuthorship = authorshipResolver(
  ClinicalRecordModel,
  'D6',
  'ClinicalRecordAuthorship',
  {
    inheritPurpose: true,
  },
);

@Resolver()
export class FormulationMutations {
  constructor(private readonly formulation: FormulationService) {}

  @Mutation(() => FormulationModel, { nullable: true })
  @Policy('case record create D7 (mental health)')
  async createFormulation(@Context() ctx: CasesContext, @Args('input') input: CreateFormulationInput) {
    return this.formulation.createFormulation(ctx, input);
  }

  @Mutation(() => FormulationModel, { nullable: true })
  @Policy('case record update D7 (mental health)')
  async updateFormulation(@Context() ctx: CasesContext, @Args('input') input: UpdateFormulationInput) {
    return this.formulation.updateFormulation(ctx, input);
  }

  @Mutation(() => RecordedModel, {
    description: 'Records clinical detail; read it back through Case.clinicalRecords with a purpose',
  })
  @Policy('case record create D6 (mental health)')
  async createClinicalRecord(@Context() ctx: CasesContext, @Args('input') input: CreateClinicalRecordInput) {
    return this.formulation.createClinicalRecord(ctx, input);
  }

  @Mutation(() => RecordedModel)
  @Policy('case record update D6 (mental health)')
  async updateClinicalRecord(@Context() ctx: CasesContext, @Args('input') input: UpdateClinicalRecordInput) {
    return this.formulation.updateClinicalRecord(ctx, input);
  }
}
