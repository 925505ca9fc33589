import { invalid } from '@scp/contracts';

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The allowlist: each type with the file extensions it may carry. */
export const DOCUMENT_TYPES: Readonly<Record<string, readonly string[]>> = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  [DOCX_TYPE]: ['docx'],
  'text/plain': ['txt'],
};

/** A refusal about the content itself: HTTP 415 on the upload route, BAD_USER_INPUT in GraphQL. */
const unsupported = (message: string) => invalid(message, 'content', { status: 415 });

const startsWith = (bytes: Buffer, magic: number[], offset = 0) =>
  bytes.length >= offset + magic.length && magic.every((b, i) => bytes[offset + i] === b);

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const ZIP = [0x50, 0x4b, 0x03, 0x04];

function isPlainText(bytes: Buffer): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  // Control characters other than tab, line feed, form feed and carriage return mean binary.
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}

/**
 * What the bytes are, from their signature: the declared type is only a claim. A DOCX is a ZIP
 * whose entries include the WordprocessingML part (entry names are stored uncompressed), with no
 * macro project; any other ZIP is refused.
 */
export function detectDocumentType(bytes: Buffer): string | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (startsWith(bytes, PNG) && bytes.toString('latin1', 12, 16) === 'IHDR') return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ZIP)) {
    const names = bytes.toString('latin1');
    const complete = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])) >= 0;
    if (
      complete &&
      names.includes('[Content_Types].xml') &&
      names.includes('word/document.xml') &&
      !names.includes('vbaProject.bin')
    )
      return DOCX_TYPE;
    return null;
  }
  return isPlainText(bytes) ? 'text/plain' : null;
}

/** `text/plain; charset=utf-8` → `text/plain`; a charset other than UTF-8 or ASCII is refused. */
export function normaliseDeclaredType(header: string | undefined | null): string {
  const [type, ...params] = (header ?? '').split(';').map((p) => p.trim().toLowerCase());
  if (!type || !DOCUMENT_TYPES[type])
    throw unsupported('Accepted types: PDF, PNG, JPEG, DOCX and plain text');
  for (const param of params) {
    const [name, value] = param.split('=').map((p) => p.trim().replace(/^"|"$/g, ''));
    if (name === 'charset' && !['utf-8', 'utf8', 'us-ascii'].includes(value ?? ''))
      throw unsupported('Plain text must be UTF-8');
  }
  return type;
}

/** A safe display name: the last path segment, no control characters, the type's extension. */
export function cleanFilename(raw: string | undefined | null, contentType: string): string {
  const name = (raw ?? '').normalize('NFC').split(/[\\/]/).pop()!.trim();
  if (!name || name.length > 200 || name.startsWith('.') || /\p{Cc}/u.test(name))
    throw invalid('Give a file name of at most 200 characters', 'filename');
  const ext = name.includes('.') ? name.split('.').pop()!.toLowerCase() : '';
  if (!DOCUMENT_TYPES[contentType]!.includes(ext))
    throw invalid(`The file name must end in .${DOCUMENT_TYPES[contentType]!.join(' or .')}`, 'filename');
  return name;
}

/**
 * Checks an upload: size, a declared type on the allowlist, and bytes that really are that type.
 * Returns the content type to store (the detected one, which equals the declared one).
 */
export function validateDocumentContent(bytes: Buffer, declaredType: string | undefined | null): string {
  if (bytes.length === 0) throw invalid('The file is empty', 'content');
  if (bytes.length > MAX_DOCUMENT_BYTES) throw invalid('The file exceeds 10 MiB', 'content', { status: 413 });
  const declared = normaliseDeclaredType(declaredType);
  const detected = detectDocumentType(bytes);
  if (detected !== declared) throw unsupported('The file content does not match its declared type');
  return detected;
}
