import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { graphql } from '../generated';
import { Button, Empty, Loading, NotificationBanner, Pager, Tag } from '../components/govuk';
import { Page } from '../components/page';
import { formatDateTime } from '../lib/dates';

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

/** Only paths inside this app are followed: a notification never sends anyone elsewhere. */
const safeLink = (link: string) => (/^\/[a-z]/.test(link) && !link.startsWith('//') ? link : '/');

/** The notifications inbox: neutral titles with a link to the record (never case content). */
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
      {loading && !data ? (
        <Loading what="notifications" />
      ) : items.length === 0 ? (
        <Empty>{unreadOnly ? 'You have no unread notifications.' : 'You have no notifications.'}</Empty>
      ) : (
        <ul className="govuk-list govuk-list--spaced" data-testid="inbox">
          {items.map((n) => (
            <li key={n.id}>
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
              <br />
              <span className="govuk-hint">{formatDateTime(n.createdAt)}</span>
            </li>
          ))}
        </ul>
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
