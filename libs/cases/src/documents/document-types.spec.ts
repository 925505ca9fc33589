import {
  cleanFilename,
  detectDocumentType,
  DOCX_TYPE,
  normaliseDeclaredType,
  validateDocumentContent,
} from './document-types.js';

const zip = (...names: string[]) =>
  Buffer.concat([
    Buffer.from('PK\x03\x04', 'latin1'),
    ...names.map((n) => Buffer.from(`....${n}....`)),
    Buffer.from('PK\x05\x06', 'latin1'),
  ]);

describe('document types: the bytes decide, the declared type must agree', () => {
  it('detects the allowed types by their signatures', () => {
    expect(detectDocumentType(Buffer.from('%PDF-1.4 ...'))).toBe('application/pdf');
    expect(
      detectDocumentType(
        Buffer.concat([
          Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
          Buffer.from('IHDR'),
        ]),
      ),
    ).toBe('image/png');
    expect(detectDocumentType(Buffer.from([0xff, 0xd8, 0xff, 0xdb, 1, 2]))).toBe('image/jpeg');
    expect(detectDocumentType(zip('[Content_Types].xml', 'word/document.xml'))).toBe(DOCX_TYPE);
    expect(detectDocumentType(Buffer.from('Plain notes\r\n\tindented — café'))).toBe('text/plain');
  });

  it('refuses what is not on the list, or pretends to be', () => {
    expect(detectDocumentType(Buffer.from([0x4d, 0x5a, 0x90, 0x00]))).toBeNull(); // a Windows executable
    expect(detectDocumentType(Buffer.from([0xc3, 0x28]))).toBeNull(); // invalid UTF-8
    expect(
      detectDocumentType(zip('[Content_Types].xml', 'word/document.xml', 'word/vbaProject.bin')),
    ).toBeNull();
    expect(detectDocumentType(zip('mimetype', 'content.xml'))).toBeNull();
    expect(() => validateDocumentContent(Buffer.from('%PDF-1.4'), 'image/png')).toThrow('does not match');
    expect(() => validateDocumentContent(Buffer.from('<svg/>'), 'image/svg+xml')).toThrow('Accepted types');
    expect(() => validateDocumentContent(Buffer.alloc(0), 'text/plain')).toThrow('empty');
    expect(() => validateDocumentContent(Buffer.alloc(10 * 1024 * 1024 + 1, 0x41), 'text/plain')).toThrow(
      '10 MiB',
    );
    expect(validateDocumentContent(Buffer.alloc(10 * 1024 * 1024, 0x41), 'text/plain; charset=UTF-8')).toBe(
      'text/plain',
    );
    expect(() => normaliseDeclaredType('text/plain; charset=latin1')).toThrow('UTF-8');
  });

  it('keeps the last segment of a file name and requires the type’s extension', () => {
    expect(cleanFilename('C:\\Users\\x\\Statement v2.DOCX', DOCX_TYPE)).toBe('Statement v2.DOCX');
    expect(cleanFilename('photo.jpeg', 'image/jpeg')).toBe('photo.jpeg');
    for (const bad of ['', '.pdf', 'x.exe', 'a\u0000b.pdf', `${'a'.repeat(201)}.pdf`, 'noext'])
      expect(() => cleanFilename(bad, 'application/pdf')).toThrow();
  });
});
