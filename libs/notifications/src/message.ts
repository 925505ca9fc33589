import type { Recipient } from '@scp/contracts';
import { renderInvite } from '@scp/platform-calendar';
import { NOTIFICATION_KINDS, str } from './catalog.js';
import type { InboxItemEntity } from './entities.js';
import type { NotificationSettings } from './ports.js';

/** What a message is rendered from: the delivery's id and its item's neutral content. */
export type RenderSource = Pick<InboxItemEntity, 'kind' | 'title' | 'link' | 'meta'> & { id: string };

/** The message for one recipient: the neutral title, a link, and (for meetings) the invite. */
export function renderMessage(settings: NotificationSettings, row: RenderSource, to: Recipient) {
  const base = settings.webBaseUrl.replace(/\/+$/, '');
  const text = [
    `Hello ${to.displayName},`,
    '',
    `${row.title}.`,
    '',
    'Sign in to the stalking clinic platform to see the details:',
    `${base}${row.link}`,
    '',
    'Case details are never sent by email. You get this message because of your role and your',
    "agency's part in the clinic's work. Choose which emails you get:",
    `${base}/notifications/preferences`,
  ].join('\n');
  const def = NOTIFICATION_KINDS.get(row.kind);
  const meta = row.meta ?? {};
  let icalEvent: { method: 'REQUEST' | 'CANCEL'; content: string; filename: string } | undefined;
  if (def?.ics && str(meta, 'meetingId') && str(meta, 'startsAt') && str(meta, 'endsAt')) {
    const cancelled = meta.status === 'CANCELLED';
    icalEvent = {
      method: cancelled ? 'CANCEL' : 'REQUEST',
      filename: 'invite.ics',
      content: renderInvite({
        uid: str(meta, 'icsUid') ?? `${str(meta, 'meetingId')}@${settings.messageIdDomain}`,
        sequence: Number(meta.icsSequence ?? 0),
        title: str(meta, 'title') ?? 'Stalking clinic meeting',
        startsAt: new Date(str(meta, 'startsAt')!),
        endsAt: new Date(str(meta, 'endsAt')!),
        place: str(meta, 'place'),
        virtualLink: str(meta, 'virtualLink'),
        cancelled,
        url: `${base}${row.link}`,
        organizer: settings.organizer,
        attendee: { name: to.displayName, email: to.email! },
      }),
    };
  }
  return {
    to: to.email!,
    subject: row.title,
    text,
    messageId: `<${row.id}@${settings.messageIdDomain}>`,
    ...(icalEvent ? { icalEvent } : {}),
  };
}
