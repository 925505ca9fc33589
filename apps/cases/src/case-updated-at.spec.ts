import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCasesHarness, type CasesHarness } from './testing/cases-harness.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/**
 * Case.updatedAt is D1: every role on the case reads it. It must not move because of data a
 * reader cannot read (entitlements.md, side channels): police must not learn from it that
 * clinical work happened.
 */
describe('Case.updatedAt moves only for changes every case reader can read', () => {
  let h: CasesHarness;
  let storeDir: string;
  beforeAll(async () => {
    storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scp-documents-'));
    process.env.DOCUMENT_STORE_DIR = storeDir;
    h = await startCasesHarness({ canaries: false });
  });
  afterAll(async () => {
    await h?.close();
    fs.rmSync(storeDir, { recursive: true, force: true });
  });

  const updatedAt = async (user: string) => {
    const res = await h.gql<{ case: { updatedAt: string } }>(
      user,
      `query($id: ID!) { case(id: $id) { updatedAt } }`,
      { id: h.fixture.cases.NV1 },
    );
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.case.updatedAt;
  };

  it('does not move when clinical detail (D6) is written or a D6 document is uploaded', async () => {
    const before = await updatedAt('spoc.nvp');
    const written = await h.gql(
      'mh.nvh',
      `mutation($c: ID!) { createClinicalRecord(input: { caseId: $c, recordedOn: "2026-02-01", clinicalNotes: "Seen in clinic" }) { id } }`,
      { c: h.fixture.cases.NV1 },
    );
    expect(written.body.errors).toBeUndefined();
    const params = new URLSearchParams({
      caseId: h.fixture.cases.NV1!,
      category: 'D6',
      visibleAgencyIds: h.fixture.agencies.NVH!,
    });
    const uploaded = await fetch(`${h.url}/documents?${params}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${h.signer.mintForUser(await h.actor('mh.nvh'), 'cases')}`,
        'content-type': 'application/pdf',
        'x-file-name': encodeURIComponent('Clinic letter.pdf'),
      },
      body: new Uint8Array(PDF),
    });
    expect(uploaded.status).toBeLessThan(300);
    expect(await updatedAt('spoc.nvp')).toBe(before);
  });

  it('moves when the case header (D1), which every reader reads, changes', async () => {
    const before = await updatedAt('spoc.nvp');
    const [{ version }] = await h.owner.query(`SELECT version FROM cases.cases WHERE id = $1`, [
      h.fixture.cases.NV1,
    ]);
    const res = await h.gql(
      'spoc.nvp',
      `mutation($id: ID!, $v: Int!) { updateCaseHeader(input: { id: $id, expectedVersion: $v, cjStatus: CHARGED }) { id } }`,
      { id: h.fixture.cases.NV1, v: version },
    );
    expect(res.body.errors).toBeUndefined();
    expect(await updatedAt('mh.nvh')).not.toBe(before);
  });
});
