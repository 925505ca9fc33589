import type { Page } from 'playwright-core';
import { expectAccessible, heading } from './web-harness.js';

export interface ReferralAnswers {
  reason: string;
  crimeReference: string;
  subject: [given: string, family: string];
  victim: [given: string, family: string];
  /** How many of the 11 S-DASH questions are answered yes (the first ones). */
  sdashYes: number;
}

/**
 * The referral form from its second step ("Why are you referring this case?", once the clinic is
 * chosen) to "Check your answers", with axe on each step: the reason and behaviours, the subject,
 * the victim, the criminal-justice status and the basis for sharing, and the S-DASH.
 */
export async function answerReferral(page: Page, a: ReferralAnswers): Promise<void> {
  const next = () => page.getByRole('button', { name: 'Continue' }).click();
  await heading(page, 'Why are you referring this case?');
  await expectAccessible(page, 'referral: reason');
  await page.getByLabel('Reason for the referral').fill(a.reason);
  await page.getByLabel('Following').check();
  await page.getByLabel('Unwanted contact').check();
  await page.getByLabel(/Crime references/).fill(a.crimeReference);
  await next();
  await heading(page, 'Who is the subject?');
  await expectAccessible(page, 'referral: subject');
  await page.getByLabel('Given name').fill(a.subject[0]);
  await page.getByLabel('Family name').fill(a.subject[1]);
  await next();
  await heading(page, 'Who is the victim?');
  await expectAccessible(page, 'referral: victim');
  await page.getByLabel('Given name (optional)').fill(a.victim[0]);
  await page.getByLabel('Family name (optional)').fill(a.victim[1]);
  await next();
  await heading(page, 'Criminal justice status and the basis for sharing');
  await expectAccessible(page, 'referral: sharing');
  await page.getByLabel('Criminal justice status').selectOption('UNDER_INVESTIGATION');
  await page.getByLabel('Statutory gateway').check();
  await page.getByLabel('Rationale').fill('Crime and Disorder Act 1998 s115 (synthetic)');
  await next();
  await heading(page, 'S-DASH screening');
  for (let q = 1; q <= 11; q++) await page.locator(q <= a.sdashYes ? `#sdash-${q}` : `#sdash-${q}-2`).check();
  await expectAccessible(page, 'referral: S-DASH');
  await next();
  await heading(page, 'Check your answers before sending the referral');
}
