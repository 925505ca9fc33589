import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { grantsFor, type AccessView, type FieldKey } from '@scp/platform-access';
import { MEETINGS_CLOCK, MEETINGS_DATA_SOURCE, type Clock } from '../shared/tokens.js';
import type { MeetingsContext } from '../shared/context.js';
import { requireUuid } from '../shared/validation.js';
import { attendeeOf, findItem, findMeeting } from './meeting.repository.js';
import type { AttendeeEntity, MeetingEntity } from './meeting.entities.js';
import { AgendaItemEntity } from '../agenda/agenda.entities.js';
import { CaseParticipationEntity } from '../replica/replica.entities.js';
import { forbidden, notFound } from '@scp/contracts';

/** What the reader is to one meeting. */
export interface MeetingStanding {
  officer: boolean;
  chair: boolean;
  coordinator: boolean;
  attendee: AttendeeEntity | null;
  accepted: boolean;
  /** May see the meeting at all (header, placeholders). */
  visible: boolean;
}

const D19_KEYS: FieldKey[] = ['D19', 'D19:limited'];

/**
 * Who may see a meeting and which of its agenda items (docs/meeting-access.md): the reader's
 * standing to a meeting, cached per request, and the views every other meetings service reads
 * through.
 */
@Injectable()
export class MeetingVisibilityService {
  constructor(
    @Inject(MEETINGS_DATA_SOURCE) private readonly ds: DataSource,
    @Inject(MEETINGS_CLOCK) private readonly clock: Clock,
  ) {}

  now(): Date {
    return this.clock();
  }

  private standings = new WeakMap<MeetingsContext, Map<string, MeetingStanding>>();

  async standing(ctx: MeetingsContext, m: MeetingEntity): Promise<MeetingStanding> {
    let cache = this.standings.get(ctx);
    if (!cache) this.standings.set(ctx, (cache = new Map()));
    const hit = cache.get(m.id);
    if (hit) return hit;
    const officer = ctx.access.isOfficer(m.clinicId);
    const attendee = await attendeeOf(this.ds, m.id, ctx.actor.userId);
    let visible = officer || attendee !== null;
    if (!visible && grantsFor(ctx.access.roles, 'D19').length) {
      const hit = await this.ds
        .getRepository(AgendaItemEntity)
        .createQueryBuilder('i')
        .select('1', 'hit')
        .innerJoin(
          CaseParticipationEntity,
          'p',
          'p.caseId = i.caseId AND p.agencyId = :agencyId AND p.active',
          {
            agencyId: ctx.actor.agencyId,
          },
        )
        .where('i.meetingId = :meetingId', { meetingId: m.id })
        .limit(1)
        .getRawOne();
      visible = hit !== undefined;
    }
    const s: MeetingStanding = {
      officer,
      chair: ctx.access.isChair(m.clinicId),
      coordinator: ctx.access.isCoordinator(m.clinicId),
      attendee,
      accepted: attendee?.confidentialityAcceptedAt != null,
      visible,
    };
    cache.set(m.id, s);
    return s;
  }

  /** Drops the request's cached standing to a meeting (after the reader's own attendance changed). */
  forgetStanding(ctx: MeetingsContext, meetingId: string): void {
    this.standings.get(ctx)?.delete(meetingId);
  }

  /** A meeting the reader may see, else NOT_FOUND (indistinguishable from one that does not exist). */
  async visibleMeeting(ctx: MeetingsContext, id: string): Promise<MeetingEntity> {
    requireUuid(id, 'meetingId');
    const m = await findMeeting(this.ds, id);
    if (!m || !(await this.standing(ctx, m)).visible) throw notFound('Meeting');
    return m;
  }

  /**
   * The view of one agenda item, or null when the reader gets the placeholder (docs/meeting-access.md).
   * Clinic officers run the meeting and see every item of their clinic's meetings. An item of a
   * case is read by the agencies taking part in that case, as the matrix lets each role read R*:
   * once the agenda is published whether or not they are invited (invitation and the
   * confidentiality statement govern attending, not reading what the clinic lists and decides about
   * their own case); before that, only by invitees who accepted the statement. An item without a
   * case is read by officers and invitees who accepted the statement. Nobody reads an item of a case
   * their agency does not take part in.
   */
  async itemView(ctx: MeetingsContext, m: MeetingEntity, item: AgendaItemEntity): Promise<AccessView | null> {
    const s = await this.standing(ctx, m);
    if (!s.visible) return null;
    const invited = s.officer || s.accepted;
    let fields: Set<FieldKey>;
    if (item.caseId) {
      if (!invited && !(m.agendaPublishedAt && (await ctx.access.participates(item.caseId)))) return null;
      const caseFields = await ctx.access.caseFields(item.caseId);
      fields = new Set(D19_KEYS.filter((k) => caseFields.has(k)));
    } else {
      if (!invited) return null;
      const reads = new Set(grantsFor(ctx.access.roles, 'D19').map((g) => g.read));
      fields = new Set(reads.has('FULL') ? D19_KEYS : reads.has('LIMITED') ? ['D19:limited'] : []);
    }
    if (!fields.size) return null;
    return {
      fields,
      entityType: 'AgendaItem',
      entityId: item.id,
      ...(item.caseId ? { caseId: item.caseId } : {}),
    };
  }

  /** One item the reader may see in full, else NOT_FOUND. */
  async visibleItem(
    ctx: MeetingsContext,
    itemId: string,
  ): Promise<{ m: MeetingEntity; item: AgendaItemEntity; view: AccessView }> {
    requireUuid(itemId, 'agendaItemId');
    const item = await findItem(this.ds, itemId);
    if (!item) throw notFound('Agenda item');
    const m = await findMeeting(this.ds, item.meetingId);
    const view = m ? await this.itemView(ctx, m, item) : null;
    if (!m || !view) throw notFound('Agenda item');
    return { m, item, view };
  }

  requireOfficer(ctx: MeetingsContext, clinicId: string, what: string): void {
    if (!ctx.access.may('RUN_MEETING', { clinicId }))
      throw forbidden(`Only the clinic's chair or coordinator may ${what}`);
  }
}
