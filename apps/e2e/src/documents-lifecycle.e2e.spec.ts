import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStack, type Stack } from './stack.js';

/**
 * Through the gateway: documents up and down the /files routes (user bearer token; the gateway
 * mints the internal token), scenario 12 (escalation to MAPPA level 2), scenario 14 (closure and
 * a repeat four months later) and scenario 15's subject access pack for the police.
 */
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const codes = (body: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  (body.errors ?? []).map((e) => e.extensions?.code);
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

describe('end to end: documents, escalation, closure, repeat, subject access pack', () => {
  let s: Stack;
  let storeDir: string;
  beforeAll(async () => {
    storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scp-e2e-files-'));
    process.env.DOCUMENT_STORE_DIR = storeDir;
    s = await startStack({ canaries: true });
  }, 90_000);
  afterAll(async () => {
    await s?.close();
    fs.rmSync(storeDir, { recursive: true, force: true });
  });

  const get = async (username: string | null, p: string) => {
    const res = await fetch(`${s.gatewayUrl}${p}`, {
      headers: username ? { authorization: `Bearer ${await s.token(username)}` } : {},
    });
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  };
  const upload = async (
    username: string | null,
    bytes: Buffer,
    type = 'application/pdf',
    filename = 'Bail note.pdf',
  ) => {
    const params = new URLSearchParams({
      caseId: s.fixture.cases.NV1!,
      category: 'D5',
      visibleAgencyIds: [s.fixture.agencies.NVH, s.fixture.agencies.NVA].join(','),
    });
    const headers: Record<string, string> = {
      'content-type': type,
      'x-file-name': encodeURIComponent(filename),
    };
    if (username) headers.authorization = `Bearer ${await s.token(username)}`;
    const res = await fetch(`${s.gatewayUrl}/files?${params}`, {
      method: 'POST',
      headers,
      body: new Uint8Array(bytes),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const version = async (id: string) =>
    (await s.owner.query(`SELECT version FROM cases.cases WHERE id = $1`, [id]))[0].version as number;

  it('uploads through POST /files and downloads through GET /files/:id, per role, audited', async () => {
    const up = await upload('spoc.nvp', PDF);
    expect(up.status).toBe(201);
    const { id, downloadPath } = up.body.document as { id: string; downloadPath: string };
    expect(downloadPath).toBe(`/files/${id}`);

    const mh = await get('mh.nvh', downloadPath);
    expect(mh.status).toBe(200);
    expect(mh.bytes).toEqual(PDF);
    expect(mh.headers.get('content-disposition')).toMatch(/^attachment; filename="Bail note.pdf"/);
    expect(mh.headers.get('x-content-type-options')).toBe('nosniff');
    expect(mh.headers.get('cache-control')).toBe('no-store');
    expect(mh.headers.get('content-type')).toBe('application/pdf');

    const probation = await get('probation.nvps', downloadPath);
    const missing = await get('probation.nvps', '/files/00000000-0000-4000-8000-000000000000');
    expect([probation.status, missing.status]).toEqual([404, 404]);
    expect(probation.bytes.toString()).toBe(missing.bytes.toString());
    expect((await get(null, downloadPath)).status).toBe(401);
    expect((await get('mh.nvh', '/files/not-a-uuid')).status).toBe(404);

    // Only metadata in the graph.
    const listed = await s.gql<{
      case: { documents: { id: string; filename: string; downloadPath: string }[] };
    }>('advocate.nva', `query($c: ID!) { case(id: $c) { documents { id filename downloadPath } } }`, {
      c: s.fixture.cases.NV1,
    });
    expect(listed.body.data!.case.documents).toEqual(
      expect.arrayContaining([{ id, filename: 'Bail note.pdf', downloadPath }]),
    );

    const mhUser = (await s.owner.query(`SELECT id FROM cases.users WHERE username = 'mh.nvh'`))[0].id;
    const audit = await s.owner.query(
      `SELECT action, categories FROM audit.events WHERE entity_id = $1 AND actor_id = $2 AND action = 'VIEW' AND 'D5' = ANY(categories)`,
      [id, mhUser],
    );
    expect(audit).toEqual([{ action: 'VIEW', categories: ['D21', 'D5'] }]);
  });

  it('refuses uploads without a token, of the wrong type, or over 10 MiB, at the gateway', async () => {
    expect((await upload(null, PDF)).status).toBe(401);
    expect((await upload('spoc.nvp', Buffer.from('<html></html>'), 'text/html', 'x.html')).status).toBe(415);
    expect((await upload('spoc.nvp', Buffer.from('{"a":1}'), 'application/json', 'x.txt')).status).toBe(415);
    const big = await upload('spoc.nvp', Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]));
    expect(big.status).toBe(413);
  });

  it('scenario 12: after conviction the case is escalated to MAPPA level 2 with its reference', async () => {
    const id = s.fixture.cases.NV2!;
    const convicted = await s.gql(
      'spoc.nvp',
      `mutation($i: UpdateCaseHeaderInput!) { updateCaseHeader(input: $i) { cjStatus } }`,
      { i: { id, expectedVersion: await version(id), cjStatus: 'CONVICTED' } },
    );
    expect(convicted.body.errors).toBeUndefined();
    const res = await s.gql<{ escalateCase: unknown }>(
      'spoc.nvp',
      `mutation($i: EscalateCaseInput!) { escalateCase(input: $i) { status cjStatus escalations { target mappaLevel externalReference } } }`,
      {
        i: {
          caseId: id,
          expectedVersion: await version(id),
          target: 'MAPPA',
          mappaLevel: 2,
          externalReference: 'MAPPA-NV-0042',
          escalatedOn: today(),
        },
      },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.escalateCase).toEqual({
      status: 'ESCALATED',
      cjStatus: 'CONVICTED',
      escalations: [{ target: 'MAPPA', mappaLevel: 2, externalReference: 'MAPPA-NV-0042' }],
    });
  });

  it('scenario 14: closed after six months; four months later a new report reopens it as a repeat', async () => {
    const id = s.fixture.cases.NV1!;
    const view = await s.gql(
      'advocate.nva',
      `mutation($i: RecordClosureVictimViewInput!) { recordClosureVictimView(input: $i) { id } }`,
      {
        i: { caseId: id, victimView: 'Victim A agrees the case can close and knows how to report again' },
      },
    );
    expect(view.body.errors).toBeUndefined();
    const closed = await s.gql<{ closeCase: { status: string } }>(
      'chair.nvp',
      `mutation($i: CloseCaseInput!) { closeCase(input: $i) { status closure { victimViewStatus ordersInForce { orderType expiresOn } } } }`,
      {
        i: {
          caseId: id,
          expectedVersion: await version(id),
          rationale: 'Six months without new behaviour; order in force',
        },
      },
    );
    expect(closed.body.errors).toBeUndefined();
    expect(closed.body.data!.closeCase).toEqual({
      status: 'CLOSED',
      closure: {
        victimViewStatus: 'RECORDED',
        ordersInForce: [{ orderType: 'INTERIM_SPO', expiresOn: '2027-01-29' }],
      },
    });
    await s.owner.query(`UPDATE cases.cases SET closed_at = now() - interval '4 months' WHERE id = $1`, [id]);
    const reopened = await s.gql<{
      reopenCaseAsRepeat: { reference: string; repeatOpening: { repeatOf: { id: string } } };
    }>(
      'chair.nvp',
      `mutation($i: ReopenCaseAsRepeatInput!) { reopenCaseAsRepeat(input: $i) { reference status repeatOpening { repeatOf { id } } } }`,
      {
        i: {
          caseId: id,
          reason: 'New report: the subject approached Victim A at work',
          participantAgencyIds: [s.fixture.agencies.NVP, s.fixture.agencies.NVA],
        },
      },
    );
    expect(reopened.body.errors).toBeUndefined();
    expect(reopened.body.data!.reopenCaseAsRepeat.repeatOpening.repeatOf.id).toBe(id);
    expect(reopened.body.data!.reopenCaseAsRepeat.reference).not.toBe('NV-2026-0001');
  });

  it('scenario 15: the police DPO’s subject access pack, downloaded through /files/exports', async () => {
    const glass = await s.gql(
      'auditor.nvp',
      `mutation($c: ID!) { breakGlass(caseId: $c, reason: AUDIT_OR_COMPLAINT, purpose: "Subject access request SAR-77") { expiresAt } }`,
      {
        c: s.fixture.cases.SF1,
      },
    );
    // North Vale takes no part in SF1: its DPO cannot break glass into it.
    expect(codes(glass.body)).toEqual(['NOT_FOUND']);
    const sfGlass = await s.gql(
      'auditor.sfc',
      `mutation($c: ID!) { breakGlass(caseId: $c, reason: AUDIT_OR_COMPLAINT, purpose: "Subject access request SAR-77") { expiresAt } }`,
      {
        c: s.fixture.cases.SF1,
      },
    );
    expect(sfGlass.body.errors).toBeUndefined();
    const sar = (person: string, sarRef: string) =>
      s.gql<{
        createSubjectAccessPack: {
          id: string;
          json: string;
          pdfDownloadPath: string;
          jsonDownloadPath: string;
        };
      }>(
        'auditor.sfc',
        `mutation($i: CreateSubjectAccessPackInput!) { createSubjectAccessPack(input: $i) { id json pdfDownloadPath jsonDownloadPath } }`,
        {
          i: {
            caseId: s.fixture.cases.SF1,
            personId: s.fixture.persons[person],
            recipient: `Data subject, ${sarRef}`,
            purpose: `Subject access request ${sarRef}`,
          },
        },
      );
    const res = await sar('SF1.subject', 'SAR-77');
    expect(res.body.errors).toBeUndefined();
    const pack = res.body.data!.createSubjectAccessPack;
    const json = JSON.parse(pack.json);
    expect(json.controller.code).toBe('SFC');
    expect(
      json.orders.flatMap((o: { conditions: { servedText: string }[] }) =>
        o.conditions.map((c) => c.servedText),
      ),
    ).toEqual(['Not to go to the road where Victim A lives.']);
    for (const values of Object.values(s.fixture.canaries as Record<string, string[]>))
      for (const canary of values) expect(pack.json).not.toContain(canary);
    expect(pack.json).not.toContain('Pretend Close');

    const pdf = await get('auditor.sfc', pack.pdfDownloadPath);
    expect(pdf.status).toBe(200);
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.headers.get('content-disposition')).toMatch(
      /^attachment; filename="subject-access-pack-.*\.pdf"/,
    );
    const asJson = await get('auditor.sfc', pack.jsonDownloadPath);
    expect(asJson.bytes.toString()).toBe(pack.json);
    // Another agency's DPO gets nothing.
    expect((await get('auditor.nvp', pack.pdfDownloadPath)).status).toBe(404);

    // A pack about the victim holds her own address and contact details (her personal data,
    // issue 14), and still no other sensitive value: not the subject's whereabouts, not another
    // victim's location.
    const forVictim = await sar('SF1.victim', 'SAR-78');
    expect(forVictim.body.errors).toBeUndefined();
    const victimPack = JSON.parse(forVictim.body.data!.createSubjectAccessPack.json);
    const [home] = (await s.owner.query(
      `SELECT address_line1, phone FROM cases.locations WHERE person_id = $1`,
      [s.fixture.persons['SF1.victim']],
    )) as { address_line1: string; phone: string }[];
    expect(victimPack.dataSubject.contactDetails).toEqual([
      expect.objectContaining({ addressLine1: home!.address_line1, phone: home!.phone }),
    ]);
    const hers = new Set([home!.address_line1, home!.phone]);
    for (const values of Object.values(s.fixture.canaries as Record<string, string[]>))
      for (const canary of values.filter((v) => !hers.has(v))) expect(forVictim.text).not.toContain(canary);
    expect(
      codes(
        (
          await s.gql(
            'spoc.sfc',
            `mutation($i: CreateSubjectAccessPackInput!) { createSubjectAccessPack(input: $i) { id } }`,
            {
              i: {
                caseId: s.fixture.cases.SF1,
                personId: s.fixture.persons['SF1.subject'],
                recipient: 'Data subject',
                purpose: 'Subject access request',
              },
            },
          )
        ).body,
      ),
    ).toEqual(['FORBIDDEN']);
  });
});
