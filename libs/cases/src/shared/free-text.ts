import { badInput } from '@scp/platform-graphql';
import type { Queryable } from './scope.js';

const squash = (value: string) => value.toLowerCase().replace(/[^a-z0-9@.]+/g, '');
const digits = (value: string) => value.replace(/\D+/g, '');

/**
 * Free text that other agencies will read (breach descriptions, minutes) must not carry the
 * case's victim location or contact (entitlements.md, "free text"). Compares the text against
 * every recorded victim and third-party location value of the case: addresses, postcodes and
 * emails ignoring case, spaces and punctuation; phone numbers by their digits.
 * The error names the field, never the value.
 */
export async function assertNoVictimLocation(
  db: Queryable,
  caseId: string,
  text: string | null | undefined,
  field: string,
) {
  if (!text) return;
  const rows: {
    address_line1: string | null;
    postcode: string | null;
    phone: string | null;
    email: string | null;
  }[] = await db.query(
    `SELECT l.address_line1, l.postcode, l.phone, l.email
         FROM cases.locations l JOIN cases.persons p ON p.id = l.person_id
        WHERE l.case_id = $1 AND p.role <> 'SUBJECT'`,
    [caseId],
  );
  const flat = squash(text);
  const numbers = digits(text);
  for (const r of rows) {
    for (const value of [r.address_line1, r.postcode, r.email]) {
      const v = value ? squash(value) : '';
      if (v.length >= 5 && flat.includes(v))
        throw badInput(`${field} must not contain the victim's location or contact details`, field);
    }
    const phone = r.phone ? digits(r.phone) : '';
    if (phone.length >= 6 && numbers.includes(phone))
      throw badInput(`${field} must not contain the victim's location or contact details`, field);
  }
}
