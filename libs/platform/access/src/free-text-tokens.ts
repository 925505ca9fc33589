/**
 * The pure half of the free-text rule (docs/free-text.md): what in a text looks like a location
 * or a contact detail, and whether the text holds one recorded value. Both read the text the
 * same way, so that everything the matcher can find in a text the shape test has already seen:
 * a writer who may not read the values is answered from the shape alone, never from a match.
 */

/**
 * Refused free-text writes a user may make on one case (or referral) in one day (Europe/London)
 * before every free-text write of theirs there is refused until the next day. Every match is a
 * refused write, so this is also "a small number of matches".
 */
export const FREE_TEXT_REFUSALS_PER_DAY = 3;

/**
 * What a writer is told, in every service that applies the rule. Fixed sentences: none says
 * whether anything matched to a writer who may not read the locations.
 */
export const FREE_TEXT_MESSAGES = {
  /** To a writer who may read the locations: the value they typed is recorded there. */
  sighted: (field: string) =>
    `${field} must not contain the victim's location or contact details, nor the subject's whereabouts`,
  /** To a writer who may not: the same for every text with a location-like token, matching or not. */
  blind: (field: string) =>
    `${field} is shared with other agencies: leave out addresses, postcodes, phone numbers and email addresses`,
  paused: () =>
    'Free text on this case is paused for you until tomorrow after repeated refusals; ask the lead agency',
} as const;

export interface LocationValues {
  addressLine1: string | null;
  postcode: string | null;
  phone: string | null;
  email: string | null;
}

const POSTCODE = /\b[a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2}\b/gi;
const EMAIL = /[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[a-z]{2,}/gi;
/** Digits with the separators people type inside phone numbers. */
const PHONE_RUN = /\+?\(?\d[\d\s\-().]*\d/g;
/** Dates and times are not phone numbers (2027-03-09, 09.03.2027, 10:00). */
const DATE_LIKE = /\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b/g;
/** Words that end a street address and are rarely anything else. */
const STREET_WORDS = [
  'street',
  'st',
  'road',
  'rd',
  'avenue',
  'ave',
  'lane',
  'ln',
  'drive',
  'dr',
  'gardens',
  'crescent',
  'terrace',
  'grove',
  'mews',
  'parade',
  'cottage',
  'cottages',
  'farm',
  'lodge',
  'estate',
  'wharf',
  'quay',
  'manor',
  'barn',
  'mill',
  'rectory',
  'vicarage',
  'court',
  'ct',
  'house',
  'hall',
  'flats',
];
/** Words that end an address too, but are everyday words: they count after a capitalised name only. */
const NAME_WORDS = [
  ...STREET_WORDS,
  'close',
  'way',
  'place',
  'hill',
  'park',
  'square',
  'walk',
  'row',
  'view',
  'rise',
  'green',
  'yard',
];
/** "12 Example Road", "12a Mill Lane", "Flat 3", "Rose Cottage". */
const HOUSE_NUMBER_STREET = new RegExp(
  String.raw`\b\d{1,4}[a-z]?\b(?:[\s,]+[a-z'’-]+){0,3}[\s,]+(?:${STREET_WORDS.join('|')})\b`,
  'gi',
);
const NAMED_PLACE = new RegExp(
  String.raw`\b(?:[Ff]lat|[Aa]partment|[Uu]nit)\s+\d+|\b[A-Z][a-z'’-]+\s+(?:${NAME_WORDS.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('|')})\b`,
  'g',
);
/** Courts are places everyone names in minutes; they are not anybody's address. */
const COURTS = /\b(?:crown|magistrates[’']?|county|family|youth|high|appeal)\s+court\b/gi;
/** Letters or digits spelled out one by one ("Z Z 1 7 V A"): a way round every other test. */
const SPELLED_OUT = /\b(?:[a-z\d][\s.\-_/]+){4,}[a-z\d]\b/i;

const UNITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const TEENS = [
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const TENS = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const DIGIT = `(?:(?:double|triple)\\s+)?(?:${UNITS.join('|')}|oh|nought)`;
/** A house number said in words: "twelve", "forty-two", "seven". */
const NUMBER = `(?:(?:${TENS.join('|')})(?:[\\s-]+(?:${UNITS.slice(1).join('|')}))?|${TEENS.join('|')}|${UNITS.slice(1).join('|')})`;
/**
 * Everyday prose is full of number words ("two nights at the house"), so a number in words counts
 * as a house number only right before one or two words and a word that names a street.
 */
const SPOKEN_HOUSE = new RegExp(
  String.raw`\b(${NUMBER})((?:\s+[a-z'’-]+){1,2}\s+(?:street|road|avenue|lane|drive|gardens|crescent|terrace|grove|mews|close|way|parade)\b)`,
  'gi',
);
/** Six or more digits in words in a row: a phone number said aloud. */
const SPOKEN_DIGITS = new RegExp(String.raw`\b${DIGIT}(?:[\s,-]+${DIGIT}){5,}\b`, 'gi');
/** The phonetic alphabet police and partners spell postcodes and registrations in. */
const PHONETIC = [
  'alpha',
  'alfa',
  'bravo',
  'charlie',
  'delta',
  'echo',
  'foxtrot',
  'golf',
  'hotel',
  'india',
  'juliet',
  'juliett',
  'kilo',
  'lima',
  'mike',
  'november',
  'oscar',
  'papa',
  'quebec',
  'romeo',
  'sierra',
  'tango',
  'uniform',
  'victor',
  'whiskey',
  'whisky',
  'x-ray',
  'xray',
  'yankee',
  'zulu',
];
/**
 * Phonetic words count only in a run of three or more (with digits, digit words or single
 * letters): a spelled value, "zulu zulu one one victor alpha".
 */
const SPELLED_MEMBER = `(?:${PHONETIC.join('|')}|${UNITS.join('|')}|oh|nought|[a-z\\d])`;
const PHONETIC_RUN = new RegExp(String.raw`\b(?:${SPELLED_MEMBER}[\s,.-]+){2,}${SPELLED_MEMBER}\b`, 'gi');
const PHONETIC_WORD = new RegExp(String.raw`\b(?:${PHONETIC.join('|')})\b`, 'gi');
const HAS_PHONETIC = new RegExp(PHONETIC_WORD.source, 'i');
const DIGIT_WORD = new RegExp(String.raw`\b(?:${UNITS.join('|')}|oh|nought)\b`, 'gi');
/** "name at example dot com": an email address said aloud (the domain has at least one dot). */
const SPOKEN_EMAIL = /\b([a-z\d._-]+(?:\s+dot\s+[a-z\d_-]+)*)\s+at\s+([a-z\d-]+(?:\s+dot\s+[a-z\d-]+)+)\b/gi;

function numberValue(phrase: string): string {
  const [first, second] = phrase.toLowerCase().split(/[\s-]+/);
  if (TENS.includes(first!))
    return String((TENS.indexOf(first!) + 2) * 10 + (second ? UNITS.indexOf(second) : 0));
  if (TEENS.includes(first!)) return String(10 + TEENS.indexOf(first!));
  return String(UNITS.indexOf(first!));
}

function digitsValue(run: string): string {
  const out: string[] = [];
  for (const m of run.toLowerCase().matchAll(/(?:(double|triple)\s+)?([a-z]+)/g)) {
    const digit = m[2] === 'oh' || m[2] === 'nought' ? '0' : String(UNITS.indexOf(m[2]!));
    out.push(digit.repeat(m[1] === 'double' ? 2 : m[1] === 'triple' ? 3 : 1));
  }
  return out.join(' ');
}

/**
 * A text with its values typed in words turned back into characters: a house number before a
 * street ("twelve Example Road" 12 Example Road), a phone number said digit by digit ("oh seven
 * seven double oh…"), a run of phonetic letters ("zulu zulu nine" z z 9), "name at example dot
 * com". The shape test and the matcher both read this form, so a value said in words is seen like
 * a value typed.
 */
export function spokenToTyped(text: string): string {
  return text
    .replace(
      SPOKEN_EMAIL,
      (_m, local: string, domain: string) =>
        `${local.replace(/\s+dot\s+/gi, '.')}@${domain.replace(/\s+dot\s+/gi, '.')}`,
    )
    .replace(SPOKEN_HOUSE, (_m, number: string, rest: string) => `${numberValue(number)}${rest}`)
    .replace(SPOKEN_DIGITS, digitsValue)
    .replace(PHONETIC_RUN, (run) =>
      HAS_PHONETIC.test(run)
        ? run.replace(PHONETIC_WORD, (w) => w[0]!.toLowerCase()).replace(DIGIT_WORD, digitsValue)
        : run,
    );
}

const words = (value: string) => value.toLowerCase().match(/[a-z0-9]+/g) ?? [];
const compactPostcode = (value: string) => value.toLowerCase().replace(/[^a-z0-9]/g, '');
const phoneDigits = (value: string) => value.replace(/\D+/g, '').replace(/^(?:44|0)/, '');

/** How many location-like tokens of each kind the text holds; it reads the text only. */
export function locationTokens(
  typed: string,
): Record<'postcodes' | 'emails' | 'phones' | 'streets' | 'places' | 'spelled', number> {
  const text = spokenToTyped(typed);
  const withoutCourts = text.replace(COURTS, ' ');
  return {
    postcodes: (text.match(POSTCODE) ?? []).length,
    emails: (text.match(EMAIL) ?? []).length,
    // A UK number has 10 digits after its leading 0 (or +44); references such as 2026-0142 do not.
    phones: phoneRuns(text).filter((d) => d.length >= 9).length,
    streets: (withoutCourts.match(HOUSE_NUMBER_STREET) ?? []).length,
    places: (withoutCourts.match(NAMED_PLACE) ?? []).length,
    spelled: SPELLED_OUT.test(text) ? 1 : 0,
  };
}

/**
 * Whether the text holds anything that looks like a postcode, an email address, a phone number,
 * a street address or a value spelled out character by character. It reads the text only, never
 * a recorded value: its answer is the same whatever the case holds.
 */
export function looksLikeLocation(text: string): boolean {
  return Object.values(locationTokens(text)).some((n) => n > 0);
}

/**
 * A venue or a recipient names one place or contact: more than one token of a kind (two
 * postcodes, two street lines, two phones), or a spelled-out value, is a list of guesses.
 */
export function listsLocations(text: string): boolean {
  const { spelled, ...kinds } = locationTokens(text);
  return spelled > 0 || Object.values(kinds).some((n) => n > 1);
}

function phoneRuns(text: string): string[] {
  return (text.replace(DATE_LIKE, ' ').match(PHONE_RUN) ?? []).map(phoneDigits);
}

/**
 * Whether the text holds one of the values: a postcode or an email as a token (ignoring case and
 * spaces), a phone number as a run of digits (ignoring separators and a leading 0 or +44), an
 * address line as its sequence of words.
 */
export function holdsValue(typed: string, v: LocationValues): boolean {
  const text = spokenToTyped(typed);
  if (v.postcode) {
    const want = compactPostcode(v.postcode);
    if ((text.match(POSTCODE) ?? []).some((p) => compactPostcode(p) === want)) return true;
  }
  if (v.email) {
    const want = v.email.trim().toLowerCase();
    if ((text.match(EMAIL) ?? []).some((e) => e.toLowerCase().replace(/[.]+$/, '') === want)) return true;
  }
  if (v.phone) {
    const want = phoneDigits(v.phone);
    if (want.length >= 6 && phoneRuns(text).some((d) => d.includes(want))) return true;
  }
  if (v.addressLine1) {
    const want = words(v.addressLine1);
    if (want.length && ` ${words(text).join(' ')} `.includes(` ${want.join(' ')} `)) return true;
  }
  return false;
}
