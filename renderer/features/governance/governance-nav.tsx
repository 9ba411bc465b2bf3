import { Fragment } from 'react';
import { href } from '../../app/router.ts';

const SCREENS = [
  { key: 'audit', label: 'Audit trail', href: href.audit() },
  { key: 'members', label: 'Members and roles', href: href.members() },
  { key: 'findings', label: 'Findings', href: href.findings() },
  { key: 'lineage', label: 'Lineage', href: href.lineage() },
  { key: 'subject', label: 'Data subject', href: href.subject() },
  { key: 'reports', label: 'Reports', href: href.reports() },
] as const;

/** Links between the governance screens; `current` is the page the user is on. */
export function GovernanceLinks({ current }: { current: (typeof SCREENS)[number]['key'] }) {
  return (
    <nav className="log-screens" aria-label="Governance screens">
      {SCREENS.map((s, i) => (
        <Fragment key={s.key}>
          {i > 0 && ' · '}
          <a href={s.href} aria-current={s.key === current ? 'page' : undefined}>
            {s.label}
          </a>
        </Fragment>
      ))}
    </nav>
  );
}
