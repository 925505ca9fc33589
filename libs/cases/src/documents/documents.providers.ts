import { DOCUMENT_STORE } from './document-store.js';
import { documentStoreFromEnv } from './document-store.config.js';
import { DocumentsService } from './documents.service.js';
import { CaseDocumentsResolver, DocumentResolver } from './documents.resolver.js';
import { DocumentEntity } from './documents.entities.js';

/**
 * Documents (registered in cases.module.ts). The store comes from the environment at boot
 * (DOCUMENT_STORE, DOCUMENT_STORE_DIR, DOCUMENT_S3_*: document-store.config.ts), so a bad
 * configuration stops the service from starting.
 */
export const DOCUMENTS_PROVIDERS = [
  { provide: DOCUMENT_STORE, useFactory: () => documentStoreFromEnv() },
  DocumentsService,
  DocumentResolver,
  CaseDocumentsResolver,
];

export const DOCUMENTS_ENTITIES = [DocumentEntity];
