import { useEffect, useRef, type ReactNode } from 'react';

const SERVICE = 'Stalking clinic';

/** One page: its title (for the browser tab and screen readers) and its h1, focused on arrival. */
export function Page({
  title,
  caption,
  children,
  error,
  wide,
}: {
  title: string;
  caption?: ReactNode;
  children?: ReactNode;
  error?: boolean;
  wide?: boolean;
}) {
  const h1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${error ? 'Error: ' : ''}${title} – ${SERVICE}`;
  }, [title, error]);
  useEffect(() => {
    h1.current?.focus({ preventScroll: true });
  }, [title]);
  return (
    <div className="govuk-grid-row">
      <div className={wide ? 'govuk-grid-column-full' : 'govuk-grid-column-two-thirds-from-desktop'}>
        {caption && <span className="govuk-caption-l">{caption}</span>}
        <h1 className="govuk-heading-l" tabIndex={-1} ref={h1}>
          {title}
        </h1>
        {children}
      </div>
    </div>
  );
}

/** A page whose body is wider than the reading column (tables, agendas). */
export function WidePage(props: Parameters<typeof Page>[0]) {
  return <Page {...props} wide />;
}
