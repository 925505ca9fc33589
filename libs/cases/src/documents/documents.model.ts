import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Cat, Public } from '@scp/platform-graphql';

/**
 * A document's metadata (D21). The content is never a GraphQL field: it is downloaded from the
 * gateway at `downloadPath` (GET, the user's bearer token), which re-checks access and audits.
 */
@ObjectType('Document')
export class DocumentModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => String, { nullable: true, description: 'Detected from the bytes, equal to the declared type' })
  @Cat('D21')
  contentType: string;
  @Field(() => Int, { nullable: true }) @Cat('D21') sizeBytes: number;
  @Field(() => String, { nullable: true, description: 'SHA-256 of the content, hex' })
  @Cat('D21')
  sha256: string;
  @Field(() => String, {
    nullable: true,
    description: 'The data category of the content (D1–D22); only readers of that category see the document',
  })
  @Cat('D21')
  category: string;
  // Kept for resolvers; not GraphQL fields (filename, uploadedAt, purposeRequired, downloadPath
  // and the agencies are resolved in DocumentResolver).
  filename: string;
  createdAt: Date;
  ownerAgencyId: string;
  visibleAgencyIds: string[];
}
