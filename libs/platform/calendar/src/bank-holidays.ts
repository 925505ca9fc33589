import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WorkingCalendar, type BankHolidayFile } from './working-calendar.js';
import type { DateInput } from './london-time.js';

/**
 * The shipped data: GOV.UK's bank-holidays.json shape, kept current by
 * scripts/refresh-bank-holidays.mjs. The path is the same from src/ and dist/, so the file needs no
 * build step and the service images carry it with the library.
 */
export const BANK_HOLIDAYS_FILE = fileURLToPath(new URL('../data/bank-holidays.json', import.meta.url));

export function loadBankHolidayFile(file: string = BANK_HOLIDAYS_FILE): BankHolidayFile {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as BankHolidayFile;
}

let shipped: WorkingCalendar | undefined;

/** The England and Wales working calendar from the shipped data (read and checked once, on first use). */
export function englandAndWales(): WorkingCalendar {
  shipped ??= new WorkingCalendar(loadBankHolidayFile());
  return shipped;
}

/** Whether the input's London calendar day is a working day in England and Wales. */
export const isWorkingDay = (date: DateInput): boolean => englandAndWales().isWorkingDay(date);

/** Whether the input's London calendar day is an England and Wales bank holiday. */
export const isBankHoliday = (date: DateInput): boolean => englandAndWales().isBankHoliday(date);

/** The same London wall-clock time `n` working days later (negative: earlier). */
export const addWorkingDays = (date: DateInput, n: number): Date => englandAndWales().addWorkingDays(date, n);

/** 23:59:59.999 London time of the `n`th working day after the event's London calendar day. */
export const endOfNthWorkingDayAfter = (eventAt: DateInput, n: number): Date =>
  englandAndWales().endOfNthWorkingDayAfter(eventAt, n);
