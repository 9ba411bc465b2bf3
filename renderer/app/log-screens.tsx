import { Fragment } from 'react';
import { href } from './router.ts';

/**
 * The analysis screens of one log, in the order they are offered wherever a log is shown (case home, explorer, and
 * the screens themselves). A new screen adds its entry here (and its route in router.ts and App.tsx).
 */
export const LOG_SCREENS: { key: string; label: string; href: (log: string) => string }[] = [
  { key: 'explorer', label: 'Explore', href: (log) => href.explorer(log) },
  { key: 'replay', label: 'Replay', href: href.replay },
  { key: 'whatif', label: 'What-if', href: href.whatif },
  { key: 'explain', label: 'Explanations', href: href.explain },
  { key: 'fairness', label: 'Fairness', href: href.fairness },
  { key: 'monitor', label: 'Monitoring', href: href.monitor },
];

/** Links to a log's screens; `current` is marked as the page the user is on. */
export function LogScreenLinks({ log, current }: { log: string; current?: string }) {
  return (
    <nav className="log-screens" aria-label={`Screens of log ${log}`}>
      {LOG_SCREENS.map((s, i) => (
        <Fragment key={s.key}>
          {i > 0 && ' · '}
          <a href={s.href(log)} aria-current={s.key === current ? 'page' : undefined}>
            {s.label}
          </a>
        </Fragment>
      ))}
    </nav>
  );
}
