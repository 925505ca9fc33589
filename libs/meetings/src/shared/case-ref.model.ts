import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';
import { Public } from '@scp/platform-graphql';

/** The cases service's `Case`, to which this subgraph contributes meetings, recommendations and actions. */
@ObjectType('Case')
@Directive('@key(fields: "id")')
export class CaseRefModel {
  @Field(() => ID) @Public() id: string;
}
