import { useEffect, useState, type ReactNode } from 'react';
import { Link, NavLink, useLocation } from 'react-router';
import { useQuery } from '@apollo/client/react';
import { graphql } from '../generated';
import { abilities, type Me } from '../lib/me';
import { signOut } from '../lib/session';
import { label } from '../lib/labels';

interface NavItem {
  to: string;
  text: string;
}

const UNREAD = graphql(`
  query UnreadCount {
    unreadNotificationCount
  }
`);

/** "Notifications" with the unread count, read once a minute (no polling faster than that). */
function NotificationsText({ text }: { text: string }) {
  const { data } = useQuery(UNREAD, { pollInterval: 60_000 });
  const n = data?.unreadNotificationCount ?? 0;
  return (
    <>
      {text}
      {n > 0 && (
        <>
          {' '}
          <span className="scp-count">{n}</span>
          <span className="govuk-visually-hidden"> unread</span>
        </>
      )}
    </>
  );
}

export function navigationFor(me: Me | null): NavItem[] {
  if (!me) return [];
  const can = abilities(me);
  const items: NavItem[] = [{ to: '/', text: 'Home' }];
  if (can.clinicStaff)
    items.push({ to: '/referrals', text: 'Referrals' }, { to: '/meetings', text: 'Clinic calendar' });
  else if (can.partner) items.push({ to: '/meetings', text: 'Meetings' });
  if (can.seesCases) items.push({ to: '/cases', text: can.clinicStaff ? 'Cases' : 'My cases' });
  if (can.partner) items.push({ to: '/referrals/new', text: 'Make a referral' });
  if (can.ownsActions || can.coordinator) items.push({ to: '/actions', text: 'Actions' });
  if (can.victimUpdates) items.push({ to: '/victim-updates', text: 'Victim updates' });
  items.push({ to: '/notifications', text: 'Notifications' });
  if (can.auditor) items.push({ to: '/audit', text: 'Audit log' });
  if (can.admin) items.push({ to: '/admin', text: 'Administration' });
  return items;
}

/** GOV.UK Frontend's tablet breakpoint: below it the navigation folds behind a menu button. */
const WIDE = '(min-width: 40.0625em)';

const wideQuery = () => (typeof window.matchMedia === 'function' ? window.matchMedia(WIDE) : null);

/** Whether the window is tablet-wide or more (true where media queries are unknown, as in jsdom). */
function useWide(): boolean {
  const [wide, setWide] = useState(() => wideQuery()?.matches ?? true);
  useEffect(() => {
    const query = wideQuery();
    if (!query) return;
    const change = () => setWide(query.matches);
    query.addEventListener('change', change);
    return () => query.removeEventListener('change', change);
  }, []);
  return wide;
}

export function Layout({ me, children }: { me: Me | null; children: ReactNode }) {
  const location = useLocation();
  const items = navigationFor(me);
  const wide = useWide();
  const [menuOpen, setMenuOpen] = useState(false);
  // A page change closes the menu (on a phone it would otherwise cover the new page's heading).
  useEffect(() => setMenuOpen(false), [location.pathname]);
  return (
    <>
      <a href="#main-content" className="govuk-skip-link" data-module="govuk-skip-link">
        Skip to main content
      </a>
      <header className="govuk-generic-header scp-header" role="banner">
        <div className="govuk-generic-header__container govuk-width-container scp-header__container">
          <div className="govuk-generic-header__logo">
            <Link to="/" className="govuk-generic-header__homepage-link scp-header__link">
              Multi-agency stalking clinic
            </Link>
          </div>
          {me && (
            <div className="scp-header__user">
              <span className="scp-header__name">
                {me.displayName}
                <span className="govuk-visually-hidden">, </span>
                <span className="scp-header__agency">
                  {me.agency.name} · {me.roles.map(label).join(', ')}
                </span>
              </span>
              <button
                type="button"
                className="scp-header__sign-out scp-link-button"
                onClick={() => void signOut()}
              >
                Sign out
              </button>
            </div>
          )}
        </div>
      </header>
      <section className="govuk-service-navigation" aria-label="Service information">
        <div className="govuk-width-container">
          <div className="govuk-service-navigation__container">
            <span className="govuk-service-navigation__service-name">
              <Link to="/" className="govuk-service-navigation__link">
                Stalking clinic
              </Link>
            </span>
            {items.length > 0 && (
              <nav aria-label="Menu" className="govuk-service-navigation__wrapper">
                <button
                  type="button"
                  className="govuk-service-navigation__toggle"
                  aria-controls="navigation"
                  aria-expanded={menuOpen}
                  hidden={wide}
                  onClick={() => setMenuOpen(!menuOpen)}
                >
                  Menu
                </button>
                <ul className="govuk-service-navigation__list" id="navigation" hidden={!wide && !menuOpen}>
                  {items.map((item) => {
                    const active =
                      item.to === '/'
                        ? location.pathname === '/'
                        : location.pathname === item.to ||
                          (location.pathname.startsWith(`${item.to}/`) &&
                            !items.some(
                              (o) =>
                                o.to !== item.to &&
                                o.to.startsWith(item.to) &&
                                location.pathname.startsWith(o.to),
                            ));
                    return (
                      <li
                        key={item.to}
                        className={`govuk-service-navigation__item${active ? ' govuk-service-navigation__item--active' : ''}`}
                      >
                        <NavLink
                          end
                          className="govuk-service-navigation__link"
                          to={item.to}
                          aria-current={active ? 'page' : undefined}
                        >
                          {active ? (
                            <strong className="govuk-service-navigation__active-fallback">
                              {item.to === '/notifications' ? (
                                <NotificationsText text={item.text} />
                              ) : (
                                item.text
                              )}
                            </strong>
                          ) : item.to === '/notifications' ? (
                            <NotificationsText text={item.text} />
                          ) : (
                            item.text
                          )}
                        </NavLink>
                      </li>
                    );
                  })}
                </ul>
              </nav>
            )}
          </div>
        </div>
      </section>
      <div className="govuk-width-container">
        <main className="govuk-main-wrapper" id="main-content">
          {children}
        </main>
      </div>
      <footer className="govuk-footer scp-no-print">
        <div className="govuk-width-container">
          <div className="govuk-footer__meta">
            <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
              <h2 className="govuk-visually-hidden">Support links</h2>
              <p className="govuk-body-s">
                Official – Sensitive. Use this service only for the cases you work on. Every view is recorded.
              </p>
            </div>
          </div>
        </div>
      </footer>
    </>
  );
}
