import { englandAndWales, londonDay } from '@scp/platform-calendar';
import { forbidden, invalid } from '@scp/contracts';

export const ACTION_STATUSES = ['OPEN', 'IN_PROGRESS', 'COMPLETED', 'NOT_COMPLETED', 'CANCELLED'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const OPEN_ACTION_STATUSES: readonly ActionStatus[] = ['OPEN', 'IN_PROGRESS'];
export const NOT_COMPLETED_REASONS = ['CHANGE_OF_CIRCUMSTANCE', 'AGENCY_NOT_COMPLETED'] as const;
export type NotCompletedReason = (typeof NOT_COMPLETED_REASONS)[number];
export const ACTION_PRIORITIES = ['LOW', 'MEDIUM', 'HIGH'] as const;

/** Who is asking, as far as the action rules care. */
export interface ActionActor {
  /** A user of the owner agency with D18 write (RW (O)). */
  owner: boolean;
  /** A chair of the action's clinic. */
  chair: boolean;
}

export interface ActionTransitionInput {
  to: ActionStatus;
  note?: string | null;
  notCompletedReason?: NotCompletedReason | null;
  chairReason?: string | null;
}

/**
 * The action state machine (domain.md step 5, entitlements D18): `OPEN → IN_PROGRESS →
 * COMPLETED` (completion note) | `NOT_COMPLETED` (reason + note) | `CANCELLED` (chair only,
 * reason). Only the owner agency, or the chair with a reason, ends an action; ended actions are
 * final. Throws FORBIDDEN or BAD_USER_INPUT; returns nothing when allowed.
 */
export function checkActionTransition(
  from: ActionStatus,
  input: ActionTransitionInput,
  who: ActionActor,
): void {
  const { to } = input;
  if (!OPEN_ACTION_STATUSES.includes(from)) throw invalid('The action has ended and cannot change', 'to');
  if (to === from || to === 'OPEN') throw invalid(`An action cannot move from ${from} to ${to}`, 'to');
  if (to === 'IN_PROGRESS') {
    if (from !== 'OPEN') throw invalid(`An action cannot move from ${from} to ${to}`, 'to');
    if (!who.owner && !who.chair) throw forbidden('Only the owner agency or the chair may start this action');
    return;
  }
  const chairReason = input.chairReason?.trim();
  if (to === 'CANCELLED') {
    if (!who.chair) throw forbidden('Only the chair may cancel an action');
    if (!chairReason) throw invalid('Cancelling an action needs a reason', 'chairReason');
    return;
  }
  // COMPLETED or NOT_COMPLETED: the owner agency, or the chair with a reason.
  if (!who.owner) {
    if (!who.chair) throw forbidden('Only the owner agency, or the chair with a reason, may end this action');
    if (!chairReason)
      throw invalid("The chair ending another agency's action must give a reason", 'chairReason');
  }
  if (!input.note?.trim())
    throw invalid(
      to === 'COMPLETED' ? 'Completing an action needs a completion note' : 'A note is required',
      'note',
    );
  if (
    to === 'NOT_COMPLETED' &&
    !NOT_COMPLETED_REASONS.includes(input.notCompletedReason as NotCompletedReason)
  )
    throw invalid('Not completed needs CHANGE_OF_CIRCUMSTANCE or AGENCY_NOT_COMPLETED', 'notCompletedReason');
}

export interface ActionDates {
  /** The reminder day: 3 working days before the due date. */
  reminderOn: string;
  /** Escalation to the chair: the working day after the due date. */
  escalationOn: string;
}

export function actionDates(dueOn: string): ActionDates {
  const cal = englandAndWales();
  const noon = new Date(`${dueOn}T12:00:00Z`);
  return { reminderOn: cal.workingDayAfter(noon, -3), escalationOn: cal.workingDayAfter(noon, 1) };
}

/** Overdue is derived: still open after its due day (London). */
export function isOverdue(status: ActionStatus, dueOn: string, now: Date): boolean {
  return OPEN_ACTION_STATUSES.includes(status) && londonDay(now) > dueOn;
}

/** Monday..Sunday (London days) of the week that holds `now`. */
export function weekOf(now: Date): { from: string; to: string } {
  const day = londonDay(now);
  const d = new Date(`${day}T12:00:00Z`);
  const iso = ((d.getUTCDay() + 6) % 7) + 1;
  const from = new Date(d.getTime() - (iso - 1) * 86_400_000).toISOString().slice(0, 10);
  const to = new Date(d.getTime() + (7 - iso) * 86_400_000).toISOString().slice(0, 10);
  return { from, to };
}

export type DeadlineKind = 'DUE_SOON' | 'DUE' | 'OVERDUE' | 'ESCALATED';

/** Which reminder events an open action is due for on `today` (London day), in order. */
export function deadlineKindsDue(dueOn: string, today: string): DeadlineKind[] {
  const { reminderOn, escalationOn } = actionDates(dueOn);
  const out: DeadlineKind[] = [];
  if (today >= reminderOn) out.push('DUE_SOON');
  if (today >= dueOn) out.push('DUE');
  if (today > dueOn) out.push('OVERDUE');
  if (today >= escalationOn) out.push('ESCALATED');
  return out;
}
