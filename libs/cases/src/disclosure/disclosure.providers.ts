import { SubjectAccessService } from './subject-access.service.js';
import { SubjectAccessSources } from './subject-access.sources.js';
import { SubjectAccessResolver } from './subject-access.resolver.js';
import { DisclosureExportEntity } from './disclosure.entities.js';

/** Subject access packs (registered in cases.module.ts). */
export const DISCLOSURE_PROVIDERS = [SubjectAccessService, SubjectAccessSources, SubjectAccessResolver];

export const DISCLOSURE_ENTITIES = [DisclosureExportEntity];
