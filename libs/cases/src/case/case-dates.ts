import { londonDay } from '@scp/platform-calendar';
import { invalid } from '@scp/contracts';

/**
 * The next review is a date the clinic will look at the case again: today or later, London
 * (docs/case-rules.md). Clearing it (null) is allowed; a review date in the past is a typing slip
 * that would leave the case looking reviewed when it is not.
 */
export function checkNextReviewOn(day: string | null, now: Date = new Date()): string | null {
  if (day !== null && day < londonDay(now))
    throw invalid('The next review date cannot be in the past: give today or a later date', 'nextReviewOn');
  return day;
}
