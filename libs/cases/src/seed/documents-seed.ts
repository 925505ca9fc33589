import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { DataCategory } from '@scp/contracts';
import { documentStoreFromEnv } from '../documents/document-store.config.js';
import { DocumentEntity } from '../documents/documents.entities.js';
import type { DocumentStore } from '../documents/document-store.js';
import type { DemoFixture, SeedOptions } from './demo-seed.js';

interface SeedDocument {
  key: string;
  filename: string;
  category: DataCategory;
  owner: string;
  uploader: string;
  visible: string[];
  text: string;
}

/** The sensitive categories whose seeded documents carry canaries (in name and content). */
type Canaried = 'D4' | 'D6' | 'D12' | 'D14';
const CANARIED: ReadonlySet<DataCategory> = new Set<DataCategory>(['D4', 'D6', 'D12', 'D14']);

/**
 * Fictional documents on case NV1, one per reading rule that matters: a police shared summary
 * (D5) every partner may open, police intelligence notes (D4, police only), a clinical letter
 * (D6, health, listed for police too — who still may not read D6), the advocate's safety-plan
 * map (D12, advocacy and police) and the advocate's own record (D14, advocacy only). The bytes go
 * to the configured document store (DOCUMENT_STORE_DIR in tests), the metadata to
 * cases.documents. With `canaries`, the sensitive documents' names and content carry
 * `CANARY-Dn-<owner>-NV1-doc-…`, pushed to `fixture.canaries`, so canary specs cover file names in lists.
 */
export async function seedDocumentsLifecycle(
  m: EntityManager,
  fixture: DemoFixture,
  opts: SeedOptions = {},
  store: DocumentStore = documentStoreFromEnv(),
): Promise<void> {
  const a = fixture.agencies;
  // The marker names category, owner agency and case, like the other seeds' canaries.
  const mark = (category: DataCategory, owner: string, what: string) =>
    opts.canaries && CANARIED.has(category) ? ` CANARY-${category}-${owner}-NV1-doc-${what}` : '';
  const docs: SeedDocument[] = [
    {
      key: 'police-summary',
      filename: 'Police shared summary NV1.txt',
      category: 'D5',
      owner: 'NVP',
      uploader: 'spoc.nvp',
      visible: ['NVP', 'NVH', 'NVPS', 'NVA', 'CPSNV'],
      text: 'Police shared summary: two arrests for stalking, bail conditions in place, investigation ongoing.',
    },
    {
      key: 'police-intelligence',
      filename: `Intelligence notes${mark('D4', 'NVP', 'intel')}.txt`,
      category: 'D4',
      owner: 'NVP',
      uploader: 'spoc.nvp',
      visible: ['NVP'],
      text: `Intelligence log extract: associates and vehicle sightings.${mark('D4', 'NVP', 'intel-content')}`,
    },
    {
      key: 'clinical-letter',
      filename: `Clinical letter${mark('D6', 'NVH', 'letter')}.txt`,
      category: 'D6',
      owner: 'NVH',
      uploader: 'mh.nvh',
      visible: ['NVH', 'NVP'],
      text: `Clinical letter: assessment findings and medication review.${mark('D6', 'NVH', 'letter-content')}`,
    },
    {
      key: 'safety-plan',
      filename: `Safety plan map${mark('D12', 'NVA', 'map')}.txt`,
      category: 'D12',
      owner: 'NVA',
      uploader: 'advocate.nva',
      visible: ['NVA', 'NVP'],
      text: `Safety plan: safe route to work and the refuge contact.${mark('D12', 'NVA', 'map-content')}`,
    },
    {
      key: 'advocacy-notes',
      filename: `Advocacy session notes${mark('D14', 'NVA', 'notes')}.txt`,
      category: 'D14',
      owner: 'NVA',
      uploader: 'advocate.nva',
      visible: ['NVA'],
      text: `Session notes: disclosures and support needs.${mark('D14', 'NVA', 'notes-content')}`,
    },
  ];
  const caseId = fixture.cases.NV1!;
  for (const doc of docs) {
    const id = randomUUID();
    const bytes = Buffer.from(doc.text, 'utf8');
    const storageKey = `documents/${caseId}/${id}`;
    await store.put(storageKey, bytes);
    await m.insert(DocumentEntity, {
      id,
      caseId,
      filename: doc.filename,
      contentType: 'text/plain',
      sizeBytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      category: doc.category,
      ownerAgencyId: a[doc.owner]!,
      visibleAgencyIds: doc.visible.map((code) => a[code]!),
      storageKey,
      uploadedByUserId: fixture.users[doc.uploader]!,
    });
    if (opts.canaries && CANARIED.has(doc.category))
      for (const value of [doc.filename, doc.text])
        fixture.canaries[doc.category as Canaried].push(/CANARY-\S+?(?=\.txt$|$)/.exec(value)![0]);
  }
}
