import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { graphql } from '../generated';
import type { InboxQuery } from '../generated/graphql';
import { Button, Empty, Loading, NotificationBanner, Pager, Tag } from '../components/govuk';
import { Page } from '../components/page';
import { formatDayDate, londonDateOf, londonTimeOf, londonToday } from '../lib/dates';

const INBOX = graphql(`
  query Inbox($after: String, $unreadOnly: Boolean) {
    myNotifications(first: 20, after: $after, unreadOnly: $unreadOnly) {
      items {
        id
        kind
        title
        link
        createdAt
        readAt
        case {
          id
          reference
        }
      }
      nextCursor
    }
    unreadNotificationCount
  }
`);
const MARK_READ = graphql(`
  mutation MarkNotificationRead($id: ID!) {
    markNotificationRead(id: $id) {
      id
      readAt
    }
  }
`);
const MARK_ALL = graphql(`
  mutation MarkAllNotificationsRead {
    markAllNotificationsRead
  }
`);

type Item = InboxQuery['myNotifications']['items'][number];

/** Only paths inside this app are followed: a notification never sends anyone elsewhere. */
const safeLink = (link: string) => (/^\/[a-z]/.test(link) && !link.startsWith('//') ? link : '/');

/**
 * What a notification is about, in words the recipient may read: the case reference the cases
 * service gave them (D1, under their own access), else the kind of record its link opens.
 */
export function aboutOf(n: Pick<Item, 'case' | 'link'>): string {
  if (n.case?.reference) return `Case ${n.case.reference}`;
  const path = safeLink(n.link);
  if (path.startsWith('/meetings')) return 'A meeting';
  if (path.startsWith('/referrals')) return 'A referral';
  if (path.startsWith('/actions')) return 'An agreed action';
  if (path.startsWith('/victim-updates')) return 'Victim updates';
  if (path.startsWith('/audit')) return 'The audit log';
  return path.startsWith('/cases') ? 'A case' : 'The service';
}

/** "Today", "Yesterday" or the London day of an instant. */
function dayHeading(day: string, today: string): string {
  if (day === today) return 'Today';
  const yesterday = new Date(`${today}T12:00:00Z`);
  yesterday.setUTCDate(yesterday.getUTCDate() - 1);
  return day === yesterday.toISOString().slice(0, 10) ? 'Yesterday' : formatDayDate(day);
}

/** The items by London day, newest day first (the items come newest first). */
export function byDay(items: Item[]): [string, Item[]][] {
  const days = new Map<string, Item[]>();
  for (const n of items) {
    const day = londonDateOf(n.createdAt);
    days.set(day, [...(days.get(day) ?? []), n]);
  }
  return [...days.entries()];
}

/** The notifications inbox by day: what each is about, a neutral title and a link (never case content). */
export function NotificationsPage() {
  const navigate = useNavigate();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const { data, loading, refetch } = useQuery(INBOX, {
    variables: { after: cursors[cursors.length - 1], unreadOnly },
  });
  const [markRead] = useMutation(MARK_READ, { refetchQueries: ['UnreadCount'] });
  const [markAll] = useMutation(MARK_ALL, { refetchQueries: ['UnreadCount'] });
  const [flash, setFlash] = useState<string>();
  const items = data?.myNotifications.items ?? [];
  const today = londonToday();
  return (
    <Page title="Notifications">
      {flash && <NotificationBanner success heading={flash} />}
      <p className="govuk-body">
        {data
          ? `You have ${data.unreadNotificationCount} unread notification${data.unreadNotificationCount === 1 ? '' : 's'}.`
          : ''}{' '}
        <button
          type="button"
          className="scp-link-button"
          onClick={() => {
            setCursors([null]);
            setUnreadOnly(!unreadOnly);
          }}
        >
          {unreadOnly ? 'Show all notifications' : 'Show unread notifications only'}
        </button>
      </p>
      <p className="govuk-body">
        <Link className="govuk-link" to="/notifications/preferences">
          Choose which notifications are emailed to you
        </Link>
      </p>
      {loading && !data ? (
        <Loading what="notifications" />
      ) : items.length === 0 ? (
        <Empty>{unreadOnly ? 'You have no unread notifications.' : 'You have no notifications.'}</Empty>
      ) : (
        <div data-testid="inbox">
          {byDay(items).map(([day, list]) => (
            <section key={day} aria-labelledby={`day-${day}`}>
              <h2 className="govuk-heading-s scp-inbox__day" id={`day-${day}`}>
                {dayHeading(day, today)}
              </h2>
              <ul className="govuk-list scp-inbox">
                {list.map((n) => (
                  <li key={n.id} className={`scp-inbox__item${n.readAt ? '' : ' scp-inbox__item--unread'}`}>
                    <span className="scp-inbox__about">{aboutOf(n)}</span>
                    <Link
                      className={`govuk-link${n.readAt ? '' : ' govuk-!-font-weight-bold'}`}
                      to={safeLink(n.link)}
                      onClick={async (e) => {
                        e.preventDefault();
                        if (!n.readAt) await markRead({ variables: { id: n.id } });
                        navigate(safeLink(n.link));
                      }}
                    >
                      {n.title}
                    </Link>{' '}
                    {!n.readAt && <Tag code="OPEN" text="Unread" />}
                    <span className="govuk-hint scp-inbox__meta">
                      {londonTimeOf(n.createdAt)}
                      {!n.readAt && (
                        <>
                          {' · '}
                          <button
                            type="button"
                            className="scp-link-button scp-inbox__mark"
                            onClick={() => void markRead({ variables: { id: n.id } })}
                          >
                            Mark as read
                            <span className="govuk-visually-hidden">
                              : {aboutOf(n)}, {n.title}
                            </span>
                          </button>
                        </>
                      )}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      )}
      <Pager
        hasPrevious={cursors.length > 1}
        hasNext={Boolean(data?.myNotifications.nextCursor)}
        onPrevious={() => setCursors((c) => c.slice(0, -1))}
        onNext={() => setCursors((c) => [...c, data?.myNotifications.nextCursor ?? null])}
      />
      {(data?.unreadNotificationCount ?? 0) > 0 && (
        <Button
          secondary
          type="button"
          onClick={async () => {
            const r = await markAll();
            await refetch();
            setFlash(`${r.data?.markAllNotificationsRead ?? 0} notifications marked as read`);
          }}
        >
          Mark all as read
        </Button>
      )}
    </Page>
  );
}
