/**
 * The guessing attack of issue 13 (docs/free-text.md), for the specs that prove a free-text check
 * is no oracle: 4,000 candidate postcodes in the seeded victims' format, and a binary search that
 * puts half of the remaining candidates in one text per request and reads a refusal as "the
 * value is in this half".
 */
export function candidatePostcodes(): string[] {
  const out: string[] = [];
  for (let outward = 1; outward <= 40; outward++)
    for (let digit = 0; digit <= 9; digit++)
      for (const letter of 'ABCDEFGHJK') out.push(`ZZ${outward} ${digit}V${letter}`);
  return out;
}

/**
 * Runs the search with `ask(text)` (true when the write was accepted) for at most `budget`
 * requests; returns every answer it saw and the candidate it ends on. A check that is no oracle
 * gives the same transcript, so the same guess, whatever the secret is.
 */
export async function binarySearchAttack<A>(
  candidates: readonly string[],
  ask: (text: string) => Promise<{ accepted: boolean; answer: A }>,
  budget = 13,
): Promise<{ transcript: A[]; guess: string }> {
  let [lo, hi] = [0, candidates.length];
  const transcript: A[] = [];
  for (let request = 0; request < budget && hi - lo > 1; request++) {
    const mid = Math.floor((lo + hi) / 2);
    const { accepted, answer } = await ask(`Discussed: ${candidates.slice(lo, mid).join(', ')}`);
    transcript.push(answer);
    if (accepted) lo = mid;
    else hi = mid;
  }
  return { transcript, guess: candidates[lo]! };
}
