import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { NEVER_IN_PACK, renderSubjectAccessPdf } from '@scp/cases';
import { startCasesHarness, type CasesHarness } from './testing/cases-harness.js';

/**
 * Subject access packs (issue item 10, scenario 15 second half): the police DPO, after
 * break-glass, gets police-owned data and the served order text, and nothing of the victim's
 * location, advocacy records or other agencies' records — in the JSON, in the PDF made from it,
 * and in what is stored for download. Every canary the seed plants (all categories) is absent.
 */
const PACK = `mutation($input: CreateSubjectAccessPackInput!) { createSubjectAccessPack(input: $input) {
  id recipient categories json jsonSha256 pdfSha256 pdfDownloadPath jsonDownloadPath expiresAt } }`;

type Pack = {
  id: string;
  recipient: string;
  categories: string[];
  json: string;
  jsonSha256: string;
  pdfSha256: string;
  pdfDownloadPath: string;
  jsonDownloadPath: string;
};

/** Text of an uncompressed pdfkit PDF: the hex strings of its TJ operators, joined per line. */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  return [...raw.matchAll(/\[([^\]]*)\]\s*TJ/g)]
    .map((m) =>
      [...m[1]!.matchAll(/<([0-9a-f]*)>/gi)]
        .map((h) => Buffer.from(h[1]!, 'hex').toString('latin1'))
        .join(''),
    )
    .join('\n');
}

describe('subject access pack for the police (scenario 15)', () => {
  let h: CasesHarness;
  let storeDir: string;
  beforeAll(async () => {
    storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scp-sar-'));
    process.env.DOCUMENT_STORE_DIR = storeDir;
    h = await startCasesHarness({ canaries: true });
  });
  afterAll(async () => {
    await h?.close();
    fs.rmSync(storeDir, { recursive: true, force: true });
  });

  const allCanaries = () => Object.entries(h.fixture.canaries as Record<string, string[]>);
  const input = (personKey = 'NV1.subject', caseKey = 'NV1') => ({
    caseId: h.fixture.cases[caseKey],
    personId: h.fixture.persons[personKey],
    recipient: 'Data subject, SAR 2026-0142',
    purpose: 'Subject access request under DPA 2018 s45',
  });
  const breakGlass = async (username: string, caseKey = 'NV1') => {
    const res = await h.gql(
      username,
      `mutation($c: ID!, $p: String!) { breakGlass(caseId: $c, reason: AUDIT_OR_COMPLAINT, purpose: $p) { expiresAt } }`,
      {
        c: h.fixture.cases[caseKey],
        p: 'Subject access request SAR 2026-0142',
      },
    );
    expect(res.body.errors).toBeUndefined();
  };
  const fetchExport = async (username: string, id: string, format = 'pdf') => {
    const res = await fetch(`${h.url}/exports/${id}/content?format=${format}`, {
      headers: { authorization: `Bearer ${h.signer.mintForUser(await h.actor(username), 'cases')}` },
    });
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  };

  it('is for the agency’s DPO, after break-glass on the case', async () => {
    const spoc = await h.gql('spoc.nvp', PACK, { input: input() });
    expect(spoc.body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    const before = await h.gql('auditor.nvp', PACK, { input: input() });
    expect(before.body.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    expect(await h.owner.query(`SELECT id FROM cases.disclosure_exports`)).toEqual([]);
  });

  it('holds police-owned data and the served order text, nothing else, in the JSON and the PDF', async () => {
    await breakGlass('auditor.nvp');
    const res = await h.gql<{ createSubjectAccessPack: Pack }>('auditor.nvp', PACK, { input: input() });
    expect(res.body.errors).toBeUndefined();
    const pack = res.body.data!.createSubjectAccessPack;
    const json = JSON.parse(pack.json);

    // Police-owned: the identity police recorded, the case header, its orders' served text,
    // its shared summary, its breach and its own document.
    expect(json).toMatchObject({
      controller: { code: 'NVP' },
      recipient: 'Data subject, SAR 2026-0142',
      dataSubject: {
        role: 'SUBJECT',
        identity: { givenName: 'Alpha', familyName: 'Exampleson', dateOfBirth: '1980-04-01' },
      },
      case: { reference: 'NV-2026-0001', controllerIsLeadAgency: true },
    });
    const served = json.orders.flatMap((o: { conditions: { servedText: string }[] }) =>
      o.conditions.map((c) => c.servedText),
    );
    expect(served).toEqual(
      expect.arrayContaining([
        'Not to contact Victim A directly or indirectly, including through social media or other people.',
      ]),
    );
    expect(json.orders[0]).toMatchObject({ type: 'INTERIM_SPO', servedOn: '2026-11-30' });
    expect(json.agencyRecords).toEqual([
      expect.objectContaining({
        record: 'Police shared summary',
        relevantHistory: 'Two previous harassment warnings',
      }),
    ]);
    expect(json.breaches).toEqual([expect.objectContaining({ crimeReference: 'NV/40012/26' })]);
    expect(json.documents.map((d: { filename: string }) => d.filename)).toEqual([
      'Police shared summary NV1.txt',
    ]);
    expect(pack.categories).toEqual(expect.arrayContaining(['D1', 'D2', 'D5', 'D15', 'D17', 'D21']));
    for (const c of NEVER_IN_PACK) expect(pack.categories).not.toContain(c);

    // Nothing of the victim's location, protected detail, advocacy or other agencies' records.
    const [victimLocation] = await h.owner.query(
      `SELECT l.postcode, l.phone FROM cases.locations l JOIN cases.persons p ON p.id = l.person_id WHERE l.case_id = $1 AND p.role = 'VICTIM'`,
      [h.fixture.cases.NV1],
    );
    const [advocacy] = await h.owner.query(
      `SELECT needs FROM cases.advocacy_records WHERE case_id = $1 LIMIT 1`,
      [h.fixture.cases.NV1],
    );
    const [probation] = await h.owner.query(
      `SELECT supervision_status FROM cases.probation_summaries WHERE case_id = $1`,
      [h.fixture.cases.NV1],
    );
    const [formulation] = await h.owner.query(`SELECT summary FROM cases.formulations WHERE case_id = $1`, [
      h.fixture.cases.NV1,
    ]);
    const [conditions] = await h.owner.query(
      `SELECT array_agg(protected_detail) AS d FROM cases.order_conditions WHERE case_id = $1 AND protected_detail IS NOT NULL`,
      [h.fixture.cases.NV1],
    );
    const foreign = [
      victimLocation.postcode,
      victimLocation.phone,
      advocacy?.needs,
      probation?.supervision_status,
      formulation?.summary,
      ...conditions.d,
      'Clinical letter',
      'Safety plan map',
      'Advocacy session notes',
      'Intelligence notes',
      'Bravo', // the victim's name in a pack about the subject
    ].filter((v): v is string => typeof v === 'string' && v.length > 0);
    expect(foreign.length).toBeGreaterThan(8);

    const stored = fs.readFileSync(path.join(storeDir, 'exports', `${pack.id}.json`));
    expect(createHash('sha256').update(stored).digest('hex')).toBe(pack.jsonSha256);
    const pdf = (await fetchExport('auditor.nvp', pack.id)).bytes;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(pack.pdfSha256);
    // The PDF is the JSON laid out; rendered uncompressed, its text can be read back.
    const text = pdfText(
      await renderSubjectAccessPdf(json, { title: 'Subject access pack', compress: false }),
    );
    expect(text).toContain('Not to contact Victim A directly or indirectly');
    expect(text).toContain('Two previous harassment warnings');
    expect(text).toContain('NV/40012/26');

    const bodies = { json: pack.json, stored: stored.toString(), pdfText: text, response: res.text };
    expect(allCanaries().map(([k]) => k)).toEqual(
      expect.arrayContaining(['D3', 'D4', 'D6', 'D9', 'D12', 'D13', 'D14', 'D16', 'D22']),
    );
    for (const [name, body] of Object.entries(bodies)) {
      expect([name, body.includes('CANARY')]).toEqual([name, false]);
      for (const [category, values] of allCanaries())
        for (const canary of values)
          if (body.includes(canary)) throw new Error(`${name} holds ${category} canary ${canary}`);
      for (const value of foreign) expect([name, value, body.includes(value)]).toEqual([name, value, false]);
    }
  });

  it('is audited: DISCLOSURE with the recipient, EXPORT per download; only its DPO downloads it', async () => {
    await breakGlass('auditor.nvp');
    const res = await h.gql<{ createSubjectAccessPack: Pack }>('auditor.nvp', PACK, { input: input() });
    const pack = res.body.data!.createSubjectAccessPack;
    const auditor = await h.actor('auditor.nvp');
    const [disclosure] = await h.owner.query(
      `SELECT action, recipients, purpose, categories, case_id, owner_agency_id FROM audit.events
        WHERE entity_type = 'SubjectAccessPack' AND entity_id = $1 AND action = 'DISCLOSURE'`,
      [pack.id],
    );
    expect(disclosure).toEqual({
      action: 'DISCLOSURE',
      recipients: ['Data subject, SAR 2026-0142'],
      purpose: 'Subject access request under DPA 2018 s45',
      categories: pack.categories,
      case_id: h.fixture.cases.NV1,
      owner_agency_id: auditor.agencyId,
    });
    // The reads behind it are audited like screen reads, under the break-glass purpose.
    const views = await h.owner.query(
      `SELECT purpose FROM audit.events WHERE actor_id = $1 AND action = 'VIEW' AND entity_id = $2`,
      [auditor.userId, h.fixture.cases.NV1],
    );
    expect(views.length).toBeGreaterThan(0);
    expect(
      views.every((v: { purpose: string }) => v.purpose.includes('Subject access request SAR 2026-0142')),
    ).toBe(true);

    const json = await fetchExport('auditor.nvp', pack.id, 'json');
    expect(json.status).toBe(200);
    expect(json.bytes.toString()).toBe(pack.json);
    expect(json.headers.get('content-disposition')).toMatch(/^attachment; filename="subject-access-pack-/);
    expect(json.headers.get('cache-control')).toBe('no-store');
    const exports = await h.owner.query(
      `SELECT recipients FROM audit.events WHERE entity_id = $1 AND action = 'EXPORT' AND actor_id = $2`,
      [pack.id, auditor.userId],
    );
    expect(exports).toEqual([{ recipients: ['Data subject, SAR 2026-0142'] }]);

    for (const user of ['spoc.nvp', 'auditor.sfc', 'chair.nvp']) {
      const other = await fetchExport(user, pack.id);
      expect([user, other.status]).toEqual([user, 404]);
      expect(other.bytes.toString()).not.toContain('%PDF');
    }
    const denied = await h.owner.query(
      `SELECT count(*) AS n FROM audit.events WHERE entity_id = $1 AND action = 'ACCESS_DENIED'`,
      [pack.id],
    );
    expect(Number(denied[0].n)).toBe(3);
    // Expired: gone for its DPO too.
    await h.owner.query(
      `UPDATE cases.disclosure_exports SET created_at = now() - interval '2 days', expires_at = now() - interval '1 day' WHERE id = $1`,
      [pack.id],
    );
    expect((await fetchExport('auditor.nvp', pack.id)).status).toBe(404);
  });

  it('a pack about the victim holds the identity and her own address and contact details police recorded, nothing else of D12 and never what she was told', async () => {
    await breakGlass('auditor.nvp');
    const res = await h.gql<{ createSubjectAccessPack: Pack }>('auditor.nvp', PACK, {
      input: input('NV1.victim'),
    });
    expect(res.body.errors).toBeUndefined();
    const pack = res.body.data!.createSubjectAccessPack;
    const json = JSON.parse(pack.json);
    expect(json.dataSubject).toMatchObject({
      role: 'VICTIM',
      identity: { givenName: 'Bravo', relationshipToSubject: 'Former partner' },
    });
    // Her own address and phone are her personal data (issue 14): in the JSON and the PDF.
    const [home] = (await h.owner.query(
      `SELECT address_line1, postcode, phone FROM cases.locations WHERE person_id = $1`,
      [h.fixture.persons['NV1.victim']],
    )) as { address_line1: string; postcode: string; phone: string }[];
    expect(json.dataSubject.contactDetails).toEqual([
      expect.objectContaining({
        kind: 'HOME',
        current: true,
        addressLine1: home!.address_line1,
        postcode: home!.postcode,
        phone: home!.phone,
      }),
    ]);
    expect(pack.categories).toContain('D12');
    // The stored PDF is compressed; the same JSON rendered uncompressed can be read back.
    const pdf = pdfText(
      await renderSubjectAccessPdf(json, { title: 'Subject access pack', compress: false }),
    );
    expect(pdf).toContain(home!.address_line1);
    // Nothing else of any sensitive category: not the subject's whereabouts, not another case's
    // victim, not her voice or what she was told.
    const hers = new Set([home!.address_line1, home!.phone]);
    for (const [, values] of allCanaries())
      for (const canary of values.filter((v) => !hers.has(v))) {
        expect(res.text).not.toContain(canary);
        expect(pdf).not.toContain(canary);
      }
    // The read of her location is audited as D12, like a screen read.
    const d12Views = await h.owner.query(
      `SELECT id FROM audit.events WHERE actor_id = $1 AND action = 'VIEW' AND 'D12' = ANY(categories)`,
      [(await h.actor('auditor.nvp')).userId],
    );
    expect(d12Views.length).toBeGreaterThan(0);
    const other = await h.gql('auditor.nvp', PACK, {
      input: { ...input(), personId: h.fixture.persons['NV2.subject'] },
    });
    expect(other.body.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
  });
  it("refuses a purpose carrying a location, as shared text the audit log's readers see; no pack is made", async () => {
    await breakGlass('auditor.nvp');
    const before = await h.owner.query(`SELECT count(*)::int AS n FROM cases.disclosure_exports`);
    const res = await h.gql('auditor.nvp', PACK, {
      input: { ...input(), purpose: 'Request received by post from ZZ9 4QX under DPA 2018 s45' },
    });
    expect(res.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'purpose' });
    expect(await h.owner.query(`SELECT count(*)::int AS n FROM cases.disclosure_exports`)).toEqual(before);
  });
});
