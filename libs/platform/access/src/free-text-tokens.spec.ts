import { holdsValue, listsLocations, looksLikeLocation } from './free-text-tokens.js';

/** The shape test answers from the text alone; the matcher finds a recorded value however it is typed. */
describe('free-text tokens', () => {
  it.each([
    'Visit the victim at 12 Example Road',
    'Lives at zz1 1va now',
    'Postcode ZZ11VA',
    'Call 07700 900101',
    'Ring +44 (7700) 900-101',
    'Email her at someone@example.invalid',
    'Staying at Rose Cottage',
    'Flat 3 above the shop',
    'Z Z 1 1 V A',
    // Values typed in words.
    'Visit the victim at twelve example road',
    'She lives at forty-two Sample Lane',
    'Call oh seven seven double oh nine oh oh one oh one',
    'Postcode zulu zulu one one victor alpha',
    'Write to someone at example dot invalid',
  ])('looks like a location: %s', (text) => expect(looksLikeLocation(text)).toBe(true));

  it.each([
    'Safety plan reviewed; no change.',
    'The 2 agencies will close the action by Friday',
    'Listed at Crown Court on 2027-03-09 at 10:00',
    'SAR 2026-0142, crime reference NV/51003/26',
    'Agreed risk HIGH; review in 3 months',
    'Seen near the town centre',
    // Number words in everyday prose are not house numbers or phone numbers.
    'He spent two nights at the house of a friend',
    'One of the two agencies will attend three court hearings',
    'Met Bravo at the office at ten; Charlie and Delta later',
    'Seven of the nine actions are done',
  ])('does not look like a location: %s', (text) => expect(looksLikeLocation(text)).toBe(false));

  const home = {
    addressLine1: '11 Example Road',
    postcode: 'ZZ1 1VA',
    phone: '07700 900101',
    email: 'v@example.invalid',
  };
  it('finds each recorded value however it is spaced or cased, and nothing else', () => {
    for (const text of [
      'at 11 example road',
      'in zz11va',
      'on 07700-900-101',
      'on +44 7700 900101',
      'mail V@Example.invalid.',
      'at eleven example road',
      'on oh seven seven double oh, nine oh oh one oh one',
      'mail v at example dot invalid',
    ])
      expect([text, holdsValue(text, home)]).toEqual([text, true]);
    for (const text of ['at 111 Example Road', 'in ZZ1 1VB', 'on 07700 900102', 'mail w@example.invalid'])
      expect([text, holdsValue(text, home)]).toEqual([text, false]);
  });

  it('a venue may name one place; two of a kind are a list of guesses', () => {
    expect(listsLocations('Police HQ, 1 Station Road, ZZ9 1AA')).toBe(false);
    expect(listsLocations('Room 2, Town Hall')).toBe(false);
    for (const text of [
      '1 Example Road, 2 Example Road',
      'ZZ1 1VA or ZZ1 1VB',
      'Rose Cottage, Ivy Cottage',
      'Z Z 1 1 V A',
    ])
      expect([text, listsLocations(text)]).toEqual([text, true]);
  });
});
