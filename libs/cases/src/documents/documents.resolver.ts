import { Args, Context, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { PURPOSE_REQUIRED } from '@scp/contracts';
import { Cat, Policy } from '@scp/platform-graphql';
import type { CasesContext } from '../shared/context.js';
import { AgencyModel } from '../directory/directory.model.js';
import { DirectoryService } from '../directory/directory.service.js';
import { CaseModel } from '../case/case.model.js';
import type { CaseView } from '../case/case.service.js';
import { DocumentModel } from './documents.model.js';
import { DocumentsService, type DocumentView } from './documents.service.js';

/** The gateway route that serves a document's content (apps/gateway files.controller.ts). */
export const documentDownloadPath = (id: string) => `/files/${id}`;

@Resolver(() => DocumentModel)
export class DocumentResolver {
  constructor(
    private readonly documents: DocumentsService,
    private readonly directory: DirectoryService,
  ) {}

  @Query(() => DocumentModel, {
    description: 'One document; NOT_FOUND when it does not exist or you may not see it',
  })
  @Policy('document:read (content category on the case + D21 + agency on the visible list)')
  async document(
    @Context() ctx: CasesContext,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<DocumentView> {
    return this.documents.getDocument(ctx, id);
  }

  /**
   * The upload checks a name against the victim's location only for content that may hold it, so
   * the name of D6, D12 or D16 content is read like that content: with a stated purpose, audited,
   * which is the download (its Content-Disposition carries the name). Lists show the category.
   */
  @ResolveField(() => String, {
    nullable: true,
    description:
      'The file name; null for D6, D12 and D16 content (purposeRequired), whose name comes with the download',
  })
  @Cat('D21')
  filename(@Parent() parent: DocumentView) {
    return PURPOSE_REQUIRED.has(parent.category) ? null : parent.filename;
  }

  @ResolveField(() => Date, { nullable: true })
  @Cat('D21')
  uploadedAt(@Parent() parent: DocumentView) {
    return parent.createdAt;
  }

  @ResolveField(() => Boolean, {
    nullable: true,
    description: 'Downloading needs a stated purpose (D6, D12, D16 content)',
  })
  @Cat('D21')
  purposeRequired(@Parent() parent: DocumentView) {
    return PURPOSE_REQUIRED.has(parent.category);
  }

  @ResolveField(() => String, {
    nullable: true,
    description: 'Gateway path of the content: GET with your bearer token (add ?purpose=… when required)',
  })
  @Cat('D21')
  downloadPath(@Parent() parent: DocumentView) {
    return documentDownloadPath(parent.id);
  }

  @ResolveField(() => AgencyModel, { nullable: true, description: 'The uploader’s agency' })
  @Cat('D21')
  async ownerAgency(@Parent() parent: DocumentView, @Context() ctx: CasesContext) {
    const row = await ctx.loaders.agencies.load(parent.ownerAgencyId);
    return row ? this.directory.withDirView(ctx, 'Agency', row) : null;
  }

  @ResolveField(() => [AgencyModel], { nullable: true, description: 'Agencies whose users may see it' })
  @Cat('D21')
  async visibleAgencies(@Parent() parent: DocumentView, @Context() ctx: CasesContext) {
    const rows = await ctx.loaders.agencies.loadMany(parent.visibleAgencyIds);
    const out = [];
    for (const row of rows)
      if (row && !(row instanceof Error)) out.push(await this.directory.withDirView(ctx, 'Agency', row));
    return out;
  }
}

@Resolver(() => CaseModel)
export class CaseDocumentsResolver {
  constructor(private readonly service: DocumentsService) {}

  @ResolveField(() => [DocumentModel], {
    nullable: true,
    description: 'Documents you may see (by their content category and list of agencies), newest first',
  })
  @Cat('D21')
  async documents(@Parent() parent: CaseView, @Context() ctx: CasesContext) {
    return this.service.listForCase(ctx, parent);
  }
}
