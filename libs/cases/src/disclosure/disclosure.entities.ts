import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A subject access pack handed to a recipient; its JSON and PDF live in the document store. */
@Entity({ schema: 'cases', name: 'disclosure_exports' })
export class DisclosureExportEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('uuid', { name: 'person_id' }) personId: string;
  @Column('uuid', { name: 'agency_id' }) agencyId: string;
  @Column('uuid', { name: 'requested_by_user_id' }) requestedByUserId: string;
  @Column('text') recipient: string;
  @Column('text') purpose: string;
  @Column('text', { array: true }) categories: string[];
  @Column('text', { name: 'json_key' }) jsonKey: string;
  @Column('text', { name: 'json_sha256' }) jsonSha256: string;
  @Column('integer', { name: 'json_size' }) jsonSize: number;
  @Column('text', { name: 'pdf_key' }) pdfKey: string;
  @Column('text', { name: 'pdf_sha256' }) pdfSha256: string;
  @Column('integer', { name: 'pdf_size' }) pdfSize: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
}
