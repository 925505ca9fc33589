import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { startCasesHarness, type CasesHarness } from './testing/cases-harness.js';

/**
 * Documents (D21) through the cases service's file endpoints, which the gateway's /files routes
 * relay: upload limits and magic bytes, checksum, the reading rule (the content category on the
 * case, the D21 grant, and the reader's agency on the visible list), audited downloads, and
 * canaries that never leave for a reader who may not see them.
 */
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
  Buffer.from('IHDR'),
  Buffer.alloc(17, 1),
]);
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  Buffer.alloc(32, 7),
  Buffer.from([0xff, 0xd9]),
]);
/** Not a valid archive, but what the signature check looks at: entries named as in a DOCX. */
const zip = (...names: string[]) =>
  Buffer.concat([
    Buffer.from([0x50, 0x4b, 0x03, 0x04]),
    ...names.map((n) => Buffer.concat([Buffer.alloc(26), Buffer.from(n), Buffer.alloc(8, 0x41)])),
    Buffer.from([0x50, 0x4b, 0x05, 0x06]),
    Buffer.alloc(18),
  ]);
const DOCX = zip('[Content_Types].xml', 'word/document.xml');
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

interface UploadBody {
  document: {
    id: string;
    filename: string;
    contentType: string;
    sizeBytes: number;
    sha256: string;
    category: string;
    visibleAgencyIds: string[];
    downloadPath: string;
  };
  errors: { message: string; extensions: { code: string; field?: string } }[];
}

describe('documents: upload, reading rule, audited download', () => {
  let h: CasesHarness;
  let storeDir: string;
  beforeAll(async () => {
    storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scp-documents-'));
    process.env.DOCUMENT_STORE_DIR = storeDir;
    h = await startCasesHarness({ canaries: true });
  });
  afterAll(async () => {
    await h?.close();
    fs.rmSync(storeDir, { recursive: true, force: true });
  });

  const bearer = async (username: string) =>
    `Bearer ${h.signer.mintForUser(await h.actor(username), 'cases')}`;

  const upload = async (
    username: string,
    opts: {
      caseId?: string;
      category?: string;
      visible?: string[];
      filename?: string;
      type?: string;
      bytes?: Buffer;
    } = {},
  ) => {
    const params = new URLSearchParams({
      caseId: opts.caseId ?? h.fixture.cases.NV1!,
      category: opts.category ?? 'D5',
      visibleAgencyIds: (opts.visible ?? ['NVH', 'NVA']).map((c) => h.fixture.agencies[c] ?? c).join(','),
    });
    const res = await fetch(`${h.url}/documents?${params}`, {
      method: 'POST',
      headers: {
        authorization: await bearer(username),
        'content-type': opts.type ?? 'application/pdf',
        'x-file-name': encodeURIComponent(opts.filename ?? 'Bail conditions – summary.pdf'),
      },
      body: new Uint8Array(opts.bytes ?? PDF),
    });
    const text = await res.text();
    return { status: res.status, text, body: JSON.parse(text) as UploadBody };
  };

  const download = async (username: string, id: string, purpose?: string) => {
    const res = await fetch(
      `${h.url}/documents/${id}/content${purpose ? `?reason=RISK_ASSESSMENT&purpose=${encodeURIComponent(purpose)}` : ''}`,
      {
        headers: { authorization: await bearer(username) },
      },
    );
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  };

  const seeded = async (filenameStart: string): Promise<string> =>
    (await h.owner.query(`SELECT id FROM cases.documents WHERE filename LIKE $1`, [`${filenameStart}%`]))[0]
      .id;

  it('a police SPOC uploads a PDF; metadata and checksum in PostgreSQL, the bytes in the store', async () => {
    const res = await upload('spoc.nvp');
    expect(res.status).toBe(201);
    const doc = res.body.document;
    expect(doc).toMatchObject({
      filename: 'Bail conditions – summary.pdf',
      contentType: 'application/pdf',
      sizeBytes: PDF.length,
      sha256: sha256(PDF),
      category: 'D5',
      downloadPath: `/files/${doc.id}`,
    });
    // The owner is always on the list.
    expect([...doc.visibleAgencyIds].sort()).toEqual(
      [h.fixture.agencies.NVP, h.fixture.agencies.NVH, h.fixture.agencies.NVA].sort(),
    );
    const [row] = await h.owner.query(
      `SELECT sha256, storage_key, owner_agency_id FROM cases.documents WHERE id = $1`,
      [doc.id],
    );
    expect(row).toEqual({
      sha256: sha256(PDF),
      storage_key: `documents/${h.fixture.cases.NV1}/${doc.id}`,
      owner_agency_id: h.fixture.agencies.NVP,
    });
    expect(fs.readFileSync(path.join(storeDir, 'documents', h.fixture.cases.NV1!, doc.id))).toEqual(PDF);
    const binaryColumns = await h.owner.query(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = 'cases' AND table_name = 'documents' AND data_type = 'bytea'`,
    );
    expect(binaryColumns).toEqual([]);
    const spoc = await h.actor('spoc.nvp');
    const [created] = await h.owner.query(
      `SELECT action, categories, recipients FROM audit.events WHERE entity_id = $1 AND actor_id = $2`,
      [doc.id, spoc.userId],
    );
    expect(created).toMatchObject({ action: 'CREATE', categories: ['D21', 'D5'] });
    const [event] = await h.owner.query(
      `SELECT payload FROM cases.outbox WHERE type = 'case.document-added' AND payload->>'documentId' = $1`,
      [doc.id],
    );
    expect(event.payload).toMatchObject({
      caseId: h.fixture.cases.NV1,
      category: 'D5',
      ownerAgencyId: h.fixture.agencies.NVP,
    });
  });

  it('download per role: the bytes for readers of the category on the visible list, 404 for everyone else', async () => {
    const { body } = await upload('spoc.nvp', { filename: 'Police summary for partners.pdf' });
    const id = body.document.id as string;
    const expected: Record<string, number> = {
      'spoc.nvp': 200, // owner
      'chair.nvp': 200, // police agency, on the list
      'mh.nvh': 200, // D5 R, NVH listed
      'advocate.nva': 200, // D5 R, NVA listed
      'probation.nvps': 404, // D5 R, but NVPS is not listed
      'cps.nv': 404, // D5 R, not listed
      'coord.nvc': 404, // no D5
      'auditor.nvp': 404, // no case access
      'admin.nvc': 404,
      'spoc.sfc': 404, // another clinic
    };
    let notFoundBody: string | undefined;
    for (const [user, status] of Object.entries(expected)) {
      const res = await download(user, id);
      expect([user, res.status]).toEqual([user, status]);
      if (status === 200) {
        expect(res.bytes).toEqual(PDF);
        expect(res.headers.get('content-type')).toBe('application/pdf');
        expect(res.headers.get('content-disposition')).toMatch(
          /^attachment; filename="Police summary for partners.pdf"/,
        );
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('cache-control')).toBe('no-store');
        expect(res.headers.get('repr-digest')).toBe(
          `sha-256=:${Buffer.from(sha256(PDF), 'hex').toString('base64')}:`,
        );
      } else {
        expect(res.bytes.includes(PDF)).toBe(false);
        notFoundBody ??= res.bytes.toString();
        expect(res.bytes.toString()).toBe(notFoundBody);
      }
    }
    // A forbidden document answers exactly like one that does not exist.
    const missing = await download('probation.nvps', '00000000-0000-4000-8000-000000000000');
    expect([missing.status, missing.bytes.toString()]).toEqual([404, notFoundBody]);
    expect(JSON.parse(notFoundBody!).errors[0].extensions.code).toBe('NOT_FOUND');

    // Audited: a VIEW with D21 and the content category per download, ACCESS_DENIED per refusal.
    const mh = await h.actor('mh.nvh');
    const probation = await h.actor('probation.nvps');
    const rows: { actor_id: string; action: string; categories: string[] }[] = await h.owner.query(
      `SELECT actor_id, action, categories FROM audit.events WHERE entity_type = 'Document' AND entity_id = $1 ORDER BY seq`,
      [id],
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        { actor_id: mh.userId, action: 'VIEW', categories: ['D21', 'D5'] },
        { actor_id: probation.userId, action: 'ACCESS_DENIED', categories: ['D21', 'D5'] },
      ]),
    );
  });

  it('GraphQL offers metadata only, and only to those who may open the document', async () => {
    const { body } = await upload('spoc.nvp', { filename: 'Listed for health only.pdf', visible: ['NVH'] });
    const id = body.document.id as string;
    const q = `query($c: ID!) { case(id: $c) { documents { id filename category sha256 downloadPath purposeRequired ownerAgency { code } visibleAgencies { code } } } }`;
    const mh = await h.gql<{ case: { documents: Record<string, unknown>[] } }>('mh.nvh', q, {
      c: h.fixture.cases.NV1,
    });
    expect(mh.body.errors).toBeUndefined();
    expect(mh.body.data!.case.documents.find((d) => d.id === id)).toMatchObject({
      filename: 'Listed for health only.pdf',
      category: 'D5',
      downloadPath: `/files/${id}`,
      purposeRequired: false,
      ownerAgency: { code: 'NVP' },
    });
    for (const user of ['advocate.nva', 'probation.nvps', 'cps.nv', 'coord.nvc']) {
      const res = await h.gql<{ case: { documents: { id: string }[] } }>(user, q, { c: h.fixture.cases.NV1 });
      expect(res.body.data!.case.documents.map((d) => d.id)).not.toContain(id);
      expect(res.text).not.toContain('Listed for health only');
      const one = await h.gql(user, `query($id: ID!) { document(id: $id) { id filename } }`, { id });
      expect(one.body.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    }
    const schema = await h.gql('spoc.nvp', `query($id: ID!) { document(id: $id) { id content } }`, { id });
    expect(schema.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('seeded sensitive documents: D12 and D6 need a purpose, and follow their category and list', async () => {
    const map = await seeded('Safety plan map');
    const letter = await seeded('Clinical letter');
    const notes = await seeded('Advocacy session notes');
    const intel = await seeded('Intelligence notes');
    const purpose = 'Safety planning review';

    expect((await download('advocate.nva', map)).status).toBe(400);
    const cases: [string, string, number][] = [
      ['advocate.nva', map, 200],
      ['spoc.nvp', map, 200],
      ['mh.nvh', map, 404],
      ['coord.nvc', map, 404],
      ['mh.nvh', letter, 200],
      ['spoc.nvp', letter, 404], // listed, but police may not read D6
      ['advocate.nva', notes, 200],
      ['spoc.nvp', notes, 404],
      ['spoc.nvp', intel, 200],
      ['chair.nvp', intel, 200],
      ['mh.nvh', intel, 404],
      ['advocate.nva', intel, 404],
    ];
    for (const [user, id, status] of cases) {
      const res = await download(user, id, purpose);
      expect([user, id, res.status]).toEqual([user, id, status]);
      if (status !== 200) expect(res.bytes.toString()).not.toContain('CANARY');
    }
    const advocate = await h.actor('advocate.nva');
    const [view] = await h.owner.query(
      `SELECT categories, purpose FROM audit.events WHERE entity_id = $1 AND actor_id = $2 AND action = 'VIEW' AND 'D12' = ANY(categories)`,
      [map, advocate.userId],
    );
    expect(view).toEqual({ categories: ['D12', 'D21'], purpose: `Assessing or reviewing risk: ${purpose}` });
  });

  it('no canary of a seeded document reaches a reader the matrix denies, in lists or single lookups', async () => {
    const denied: Record<string, string[]> = {
      D4: ['mh.nvh', 'probation.nvps', 'advocate.nva', 'cps.nv', 'coord.nvc'],
      D6: ['spoc.nvp', 'chair.nvp', 'probation.nvps', 'advocate.nva', 'cps.nv', 'coord.nvc'],
      D12: ['mh.nvh', 'probation.nvps', 'cps.nv', 'coord.nvc'],
      D14: ['spoc.nvp', 'chair.nvp', 'mh.nvh', 'probation.nvps', 'cps.nv', 'coord.nvc'],
    };
    const ids: string[] = (
      await h.owner.query(`SELECT id FROM cases.documents WHERE case_id = $1`, [h.fixture.cases.NV1])
    ).map((r: { id: string }) => r.id);
    const list = `query($c: ID!) { case(id: $c) { documents { id filename category } } cases(first: 50) { edges { node { documents { filename } } } } }`;
    for (const [category, users] of Object.entries(denied)) {
      const canaries = (h.fixture.canaries as Record<string, string[]>)[category]!;
      expect(canaries.some((c) => c.includes('-NV1-doc-'))).toBe(true);
      for (const user of users) {
        const texts = [(await h.gql(user, list, { c: h.fixture.cases.NV1 })).text];
        for (const id of ids) {
          texts.push((await h.gql(user, `query($id: ID!) { document(id: $id) { filename } }`, { id })).text);
          texts.push((await download(user, id, 'canary check')).bytes.toString());
        }
        for (const text of texts)
          for (const canary of canaries)
            if (text.includes(canary)) throw new Error(`${user} received ${canary}`);
      }
    }
    // Positive control: the permitted reader gets the name of D4 content in the list; the name of
    // D12 content (a purpose category) only with the download, which states a purpose.
    const police = await h.gql('spoc.nvp', list, { c: h.fixture.cases.NV1 });
    expect(police.text).toContain('CANARY-D4-NVP-NV1-doc-intel');
    expect(police.text).not.toContain('CANARY-D12-NVA-NV1-doc-map');
    const map = await seeded('Safety plan map');
    const named = await h.gql<{
      document: { filename: string | null; category: string; purposeRequired: boolean };
    }>('spoc.nvp', `query($id: ID!) { document(id: $id) { filename category purposeRequired } }`, {
      id: map,
    });
    expect(named.body.data!.document).toEqual({ filename: null, category: 'D12', purposeRequired: true });
    const got = await download('spoc.nvp', map, 'safety planning for the next review');
    expect(got.status).toBe(200);
    expect(got.headers.get('content-disposition')).toContain('CANARY-D12-NVA-NV1-doc-map');
  });

  it('refuses wrong types (by magic bytes), oversize, empty, bad names and bad lists', async () => {
    const refusals: [Parameters<typeof upload>[1], number][] = [
      [{ type: 'application/pdf', bytes: PNG, filename: 'x.pdf' }, 415],
      [{ type: 'image/png', bytes: Buffer.from('just text'), filename: 'x.png' }, 415],
      [{ type: 'text/plain', bytes: Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03]), filename: 'x.txt' }, 415],
      [{ type: 'text/html', bytes: Buffer.from('<script>alert(1)</script>'), filename: 'x.html' }, 415],
      [{ type: 'image/svg+xml', bytes: Buffer.from('<svg/>'), filename: 'x.svg' }, 415],
      [{ type: DOCX_TYPE, bytes: zip('[Content_Types].xml', 'xl/workbook.xml'), filename: 'x.docx' }, 415],
      [
        {
          type: DOCX_TYPE,
          bytes: zip('[Content_Types].xml', 'word/document.xml', 'word/vbaProject.bin'),
          filename: 'x.docx',
        },
        415,
      ],
      [{ type: 'text/plain; charset=utf-16', bytes: Buffer.from('hello'), filename: 'x.txt' }, 415],
      [{ type: 'application/json', bytes: Buffer.from('{"a":1}'), filename: 'x.txt' }, 415],
      [{ bytes: Buffer.alloc(0) }, 400],
      [{ bytes: Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]) }, 413],
      [{ filename: 'report.exe' }, 400],
      [{ filename: '' }, 400],
      [{ filename: '../../etc/passwd' }, 400],
      [{ category: 'D21' }, 400],
      [{ category: 'D99' }, 400],
      [{ visible: ['SFA'] }, 400], // not a participant
      [{ visible: ['NVC'] }, 400],
    ];
    const before = Number((await h.owner.query(`SELECT count(*) AS n FROM cases.documents`))[0].n);
    for (const [opts, status] of refusals) {
      const res = await upload('spoc.nvp', opts);
      expect([JSON.stringify({ ...opts, bytes: opts?.bytes?.length }), res.status]).toEqual([
        JSON.stringify({ ...opts, bytes: opts?.bytes?.length }),
        status,
      ]);
      if (status !== 413) expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
    expect(Number((await h.owner.query(`SELECT count(*) AS n FROM cases.documents`))[0].n)).toBe(before);
    // Accepted types, by their real signatures.
    for (const [type, bytes, filename] of [
      ['image/png', PNG, 'photo of message.png'],
      ['image/jpeg', JPEG, 'screenshot.jpeg'],
      [DOCX_TYPE, DOCX, 'statement.docx'],
      ['text/plain; charset=utf-8', Buffer.from('Plain notes, with UTF-8: café'), 'notes.txt'],
    ] as const) {
      const res = await upload('spoc.nvp', { type, bytes, filename });
      expect([filename, res.status]).toEqual([filename, 201]);
    }
  });

  it('writes only what the role may write, only on cases the caller sees', async () => {
    expect((await upload('mh.nvh', { category: 'D5' })).status).toBe(403); // police summary is police's
    expect((await upload('advocate.nva', { category: 'D7' })).status).toBe(403); // S view only
    expect((await upload('coord.nvc', { category: 'D12' })).status).toBe(403);
    expect((await upload('spoc.sfc')).status).toBe(404);
    expect((await upload('auditor.nvp')).status).toBe(404);
    const mh = await upload('mh.nvh', { category: 'D6', visible: [], filename: 'Clinical note.pdf' });
    expect(mh.status).toBe(201);
    expect(mh.body.document.visibleAgencyIds).toEqual([h.fixture.agencies.NVH]);
    // The file name of a non-location document may not carry the victim's address.
    const [loc] = await h.owner.query(
      `SELECT l.postcode FROM cases.locations l JOIN cases.persons p ON p.id = l.person_id WHERE l.case_id = $1 AND p.role = 'VICTIM'`,
      [h.fixture.cases.NV1],
    );
    const leak = await upload('spoc.nvp', { filename: `Visit ${loc.postcode}.pdf` });
    expect(leak.status).toBe(400);
    expect(leak.text).not.toContain(loc.postcode);
    // Unauthenticated, and a service token without a user, get nothing.
    const anonymous = await fetch(`${h.url}/documents/${mh.body.document.id}/content`);
    expect(anonymous.status).toBe(401);
    const service = await fetch(`${h.url}/documents/${mh.body.document.id}/content`, {
      headers: { authorization: `Bearer ${h.signer.mintForService('gateway', 'cases', 'r1')}` },
    });
    expect(service.status).toBe(401);
  });

  it('verifies the checksum on download: altered content is never served', async () => {
    const { body } = await upload('spoc.nvp', { filename: 'Integrity check.pdf' });
    const id = body.document.id as string;
    expect((await download('spoc.nvp', id)).status).toBe(200);
    const file = path.join(storeDir, 'documents', h.fixture.cases.NV1!, id);
    const tampered = Buffer.from(PDF.toString().replace('Catalog', 'Catalol'));
    fs.chmodSync(file, 0o600);
    fs.writeFileSync(file, tampered);
    const res = await download('spoc.nvp', id);
    expect(res.status).toBe(500);
    expect(res.bytes.includes(tampered)).toBe(false);
    expect(JSON.parse(res.bytes.toString()).errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
    const spoc = await h.actor('spoc.nvp');
    const views = await h.owner.query(
      `SELECT count(*) AS n FROM audit.events WHERE entity_id = $1 AND actor_id = $2 AND action = 'VIEW'`,
      [id, spoc.userId],
    );
    expect(Number(views[0].n)).toBe(1);
  });
});
