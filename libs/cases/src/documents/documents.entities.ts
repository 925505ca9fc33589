import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DataCategory } from '@scp/contracts';

/** A document's metadata. The bytes are in the document store under `storageKey`, never here. */
@Entity({ schema: 'cases', name: 'documents' })
export class DocumentEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('text') filename: string;
  @Column('text', { name: 'content_type' }) contentType: string;
  @Column('integer', { name: 'size_bytes' }) sizeBytes: number;
  @Column('text') sha256: string;
  @Column('text') category: DataCategory;
  @Column('uuid', { name: 'owner_agency_id' }) ownerAgencyId: string;
  @Column('uuid', { name: 'visible_agency_ids', array: true }) visibleAgencyIds: string[];
  @Column('text', { name: 'storage_key' }) storageKey: string;
  @Column('uuid', { name: 'uploaded_by_user_id' }) uploadedByUserId: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
