import type { DataSource, EntityManager } from 'typeorm';
import type { AuditEventInput } from '@scp/platform-graphql';
import type { OutboxEventInput } from '@scp/platform-database';

export const MEETINGS_DATA_SOURCE = Symbol('MEETINGS_DATA_SOURCE');
export const MEETINGS_AUDIT = Symbol('MEETINGS_AUDIT');
export const MEETINGS_OUTBOX = Symbol('MEETINGS_OUTBOX');
export const MEETINGS_CLOCK = Symbol('MEETINGS_CLOCK');
export const MEETINGS_FREE_TEXT = Symbol('MEETINGS_FREE_TEXT');
export const MEETINGS_INVITES = Symbol('MEETINGS_INVITES');
export const MEETINGS_DIRECTORY = Symbol('MEETINGS_DIRECTORY');

/** How calendar invites name their organiser and link back to the platform. */
export interface InviteSettings {
  organizer: { name: string; email: string };
  /** Domain part of the invites' UID (`<meeting id>@<domain>`). */
  uidDomain: string;
  /** The meeting's page in the web app. */
  meetingUrl(meetingId: string): string;
}

export const DEFAULT_INVITE_SETTINGS: InviteSettings = {
  organizer: { name: 'Stalking clinic', email: 'clinic-meetings@example.invalid' },
  uidDomain: 'meetings.scp.example.invalid',
  meetingUrl: (id) => `http://127.0.0.1:4010/meetings/${id}`,
};

export interface AuditWriterLike {
  write(events: AuditEventInput[], manager?: EntityManager): Promise<void>;
}
export interface OutboxLike {
  write(manager: EntityManager, event: OutboxEventInput): Promise<string>;
}
/** Injectable "now", so deadline rules are testable without sleeping or faking timers. */
export type Clock = () => Date;

/** One free-text write, as the cases service's check needs it (docs/free-text.md). */
export interface FreeTextWrite {
  userId: string;
  requestId?: string | null;
  /** The cases the text can reach: an item's case, every case on a meeting's agenda. */
  caseIds: string[];
  /** Also every open case of this clinic (a meeting's title, place, summary). */
  clinicId?: string | null;
  field: string;
  text: string | null | undefined;
  /** A meeting place may name one address; prose may name none. */
  kind?: 'prose' | 'venue';
}

/**
 * The one free-text rule, which only the cases service can apply (it holds the victim location
 * values and the writer's roles): refuses text other agencies will read when it carries a
 * location, without telling a writer who may not read the location whether it matched; audits
 * and counts what it refuses. Throws BAD_USER_INPUT naming the field (or FORBIDDEN while the
 * writer is paused on the case).
 */
export interface FreeTextChecker {
  assertClean(write: FreeTextWrite): Promise<void>;
}

/**
 * Who belongs to a clinic, which only the cases service knows (its directory): the agency of an
 * active user whose agency is a member of the clinic, or null.
 */
export interface ClinicDirectory {
  memberAgency(clinicId: string, userId: string): Promise<string | null>;
}

export type { DataSource };
