import { toAppError } from '@scp/platform-graphql';
import { actionDates, checkActionTransition, deadlineKindsDue, isOverdue, weekOf } from './action-rules.js';

const owner = { owner: true, chair: false };
const chair = { owner: false, chair: true };
const other = { owner: false, chair: false };
const codeOf = (fn: () => void) => {
  try {
    fn();
    return 'OK';
  } catch (e) {
    // The code a client reads: the domain's error as the GraphQL edge maps it.
    return (toAppError(e) as { extensions?: { code?: string } }).extensions?.code;
  }
};

describe('action state machine (D18)', () => {
  it.each([
    // [from, input, who, expected]
    ['OPEN', { to: 'IN_PROGRESS' }, owner, 'OK'],
    ['OPEN', { to: 'IN_PROGRESS' }, other, 'FORBIDDEN'],
    ['IN_PROGRESS', { to: 'COMPLETED', note: 'done' }, owner, 'OK'],
    ['IN_PROGRESS', { to: 'COMPLETED' }, owner, 'BAD_USER_INPUT'],
    ['IN_PROGRESS', { to: 'COMPLETED', note: 'done' }, other, 'FORBIDDEN'],
    ['IN_PROGRESS', { to: 'COMPLETED', note: 'done' }, chair, 'BAD_USER_INPUT'],
    ['IN_PROGRESS', { to: 'COMPLETED', note: 'done', chairReason: 'confirmed at clinic' }, chair, 'OK'],
    [
      'OPEN',
      { to: 'NOT_COMPLETED', note: 'moved', notCompletedReason: 'CHANGE_OF_CIRCUMSTANCE' },
      owner,
      'OK',
    ],
    ['OPEN', { to: 'NOT_COMPLETED', note: 'moved' }, owner, 'BAD_USER_INPUT'],
    ['OPEN', { to: 'NOT_COMPLETED', notCompletedReason: 'AGENCY_NOT_COMPLETED' }, owner, 'BAD_USER_INPUT'],
    ['OPEN', { to: 'CANCELLED', chairReason: 'superseded' }, owner, 'FORBIDDEN'],
    ['OPEN', { to: 'CANCELLED' }, chair, 'BAD_USER_INPUT'],
    ['OPEN', { to: 'CANCELLED', chairReason: 'superseded' }, chair, 'OK'],
    ['COMPLETED', { to: 'IN_PROGRESS' }, owner, 'BAD_USER_INPUT'],
    ['CANCELLED', { to: 'OPEN' }, chair, 'BAD_USER_INPUT'],
    ['IN_PROGRESS', { to: 'OPEN' }, owner, 'BAD_USER_INPUT'],
  ] as const)('%s → %j as %j: %s', (from, input, who, expected) => {
    expect(codeOf(() => checkActionTransition(from, input, who))).toBe(expected);
  });

  it('reminders 3 working days before, escalation the working day after (bank holidays skipped)', () => {
    // Due Tuesday 30 March 2027: Mon 29 and Fri 26 are bank holidays.
    expect(actionDates('2027-03-30')).toEqual({ reminderOn: '2027-03-23', escalationOn: '2027-03-31' });
    // Due Thursday 25 March: the next working day is Tuesday 30.
    expect(actionDates('2027-03-25').escalationOn).toBe('2027-03-30');
    expect(deadlineKindsDue('2027-03-30', '2027-03-22')).toEqual([]);
    expect(deadlineKindsDue('2027-03-30', '2027-03-23')).toEqual(['DUE_SOON']);
    expect(deadlineKindsDue('2027-03-30', '2027-03-30')).toEqual(['DUE_SOON', 'DUE']);
    expect(deadlineKindsDue('2027-03-30', '2027-03-31')).toEqual(['DUE_SOON', 'DUE', 'OVERDUE', 'ESCALATED']);
  });

  it('overdue is derived from the London day; ended actions are never overdue', () => {
    expect(isOverdue('OPEN', '2027-03-30', new Date('2027-03-30T22:30:00Z'))).toBe(false); // 23:30 BST
    expect(isOverdue('OPEN', '2027-03-30', new Date('2027-03-30T23:30:00Z'))).toBe(true); // 00:30 BST
    expect(isOverdue('COMPLETED', '2027-03-01', new Date('2027-03-30T12:00:00Z'))).toBe(false);
    expect(weekOf(new Date('2027-03-31T12:00:00Z'))).toEqual({ from: '2027-03-29', to: '2027-04-04' });
  });
});
