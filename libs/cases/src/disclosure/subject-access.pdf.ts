import PDFDocument from 'pdfkit';

/** `dateOfBirth` → "Date of birth". */
const label = (key: string) => {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const scalar = (value: unknown): string =>
  value === null || value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value);

/**
 * The PDF of a subject access pack: the same JSON document, laid out as headed sections of
 * "Label: value" lines, so the PDF can never hold anything the JSON does not. Standard fonts
 * only (no font files to ship). `compress: false` makes the text greppable in tests.
 */
export async function renderSubjectAccessPdf(
  pack: Record<string, unknown>,
  opts: { title: string; compress?: boolean },
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    compress: opts.compress ?? true,
    info: { Title: opts.title, Producer: 'Stalking Clinic Platform', Creator: 'Stalking Clinic Platform' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(16).text(opts.title);
  doc.moveDown(0.5);

  const write = (value: unknown, depth: number, key?: string) => {
    const indent = 50 + depth * 14;
    if (Array.isArray(value)) {
      if (key)
        doc
          .font('Helvetica-Bold')
          .fontSize(10)
          .text(`${label(key)}:`, indent);
      if (!value.length)
        doc
          .font('Helvetica')
          .fontSize(10)
          .text('None', indent + 14);
      value.forEach((item, i) => {
        if (item && typeof item === 'object') {
          doc
            .font('Helvetica-Oblique')
            .fontSize(10)
            .text(`${i + 1}.`, indent + 14);
          write(item, depth + 2);
        } else
          doc
            .font('Helvetica')
            .fontSize(10)
            .text(`${i + 1}. ${scalar(item)}`, indent + 14);
      });
      return;
    }
    if (value && typeof value === 'object') {
      if (key)
        doc
          .font('Helvetica-Bold')
          .fontSize(10)
          .text(`${label(key)}:`, indent);
      for (const [k, v] of Object.entries(value)) write(v, key ? depth + 1 : depth, k);
      return;
    }
    doc
      .font('Helvetica')
      .fontSize(10)
      .text(`${key ? `${label(key)}: ` : ''}${scalar(value)}`, indent);
  };

  for (const [key, value] of Object.entries(pack)) {
    doc.moveDown(0.6);
    doc.font('Helvetica-Bold').fontSize(12).text(label(key), 50);
    if (value && typeof value === 'object') write(value, 0);
    else write(value, 0);
  }
  doc.end();
  return done;
}
