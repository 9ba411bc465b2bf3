import { useEffect, useRef, useState } from 'react';
import { CaseHome } from '../features/case-home/CaseHome.tsx';
import { DecisionDetail } from '../features/decision/DecisionDetail.tsx';
import { Explorer } from '../features/explorer/Explorer.tsx';
import { GlobalExplain } from '../features/explain/GlobalExplain.tsx';
import { Fairness } from '../features/fairness/Fairness.tsx';
import { DropZone } from '../features/import/DropZone.tsx';
import { ImportWizard } from '../features/import/ImportWizard.tsx';
import { PackageReview } from '../features/package-review/PackageReview.tsx';
import { LogReplay } from '../features/replay/LogReplay.tsx';
import { Monitor } from '../features/monitor/Monitor.tsx';
import { WhatIfScreen } from '../features/whatif/WhatIfScreen.tsx';
import { AuditTrail } from '../features/governance/AuditTrail.tsx';
import { DataSubject } from '../features/governance/DataSubject.tsx';
import { Findings } from '../features/governance/Findings.tsx';
import { Lineage } from '../features/governance/Lineage.tsx';
import { Members } from '../features/governance/Members.tsx';
import { Reports } from '../features/reports/Reports.tsx';
import { href, useRoute, type Route } from './router.ts';
import { applyTheme, currentChoice, type ThemeChoice } from './theme.ts';

function ThemeToggle() {
  const [choice, setChoice] = useState<ThemeChoice>(currentChoice);
  return (
    <label className="theme-toggle">
      Theme{' '}
      <select
        value={choice}
        onChange={(e) => {
          const v = e.target.value as ThemeChoice;
          setChoice(v);
          applyTheme(v);
        }}
      >
        <option value="system">System</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'home':
      return <CaseHome />;
    case 'import':
      return <ImportWizard key={window.location.hash} />;
    case 'package':
      return <PackageReview ref_={route.ref} />;
    case 'explorer':
      return <Explorer log={route.log} {...(route.filters ? { filters: route.filters } : {})} />;
    case 'decision':
      return <DecisionDetail log={route.log} id={route.id} />;
    case 'fairness':
      return <Fairness log={route.log} />;
    case 'replay':
      return <LogReplay log={route.log} />;
    case 'whatif':
      return <WhatIfScreen log={route.log} />;
    case 'explain':
      return <GlobalExplain log={route.log} />;
    case 'monitor':
      return <Monitor key={route.log} log={route.log} />;
    case 'audit':
      return <AuditTrail />;
    case 'members':
      return <Members />;
    case 'findings':
      return <Findings key={window.location.hash} query={route.query} />;
    case 'lineage':
      return <Lineage key={window.location.hash} target={route.target} />;
    case 'subject':
      return <DataSubject key={window.location.hash} query={route.query} />;
    case 'reports':
      return <Reports />;
    case 'missing':
      return (
        <section>
          <h1>Not found</h1>
          <p>
            There is no page at “{route.path}”. <a href={href.home()}>Go to the case home.</a>
          </p>
        </section>
      );
  }
}

export function App() {
  const route = useRoute();
  const main = useRef<HTMLElement>(null);
  // on navigation, move focus to the page so that keyboard and screen-reader users start at its top
  useEffect(() => {
    main.current?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [route]);
  return (
    <>
      <a className="skip" href="#main" onClick={(e) => (e.preventDefault(), main.current?.focus())}>
        Skip to content
      </a>
      <header className="topbar">
        <a className="brand" href={href.home()}>
          Assay
        </a>
        <nav aria-label="Main">
          <a href={href.home()} aria-current={route.page === 'home' ? 'page' : undefined}>
            Case
          </a>
          <a href={href.importLog()} aria-current={route.page === 'import' ? 'page' : undefined}>
            Import
          </a>
          <a href={href.audit()} aria-current={route.page === 'audit' ? 'page' : undefined}>
            Audit
          </a>
          <a href={href.members()} aria-current={route.page === 'members' ? 'page' : undefined}>
            Members
          </a>
          <a href={href.findings()} aria-current={route.page === 'findings' ? 'page' : undefined}>
            Findings
          </a>
          <a href={href.reports()} aria-current={route.page === 'reports' ? 'page' : undefined}>
            Reports
          </a>
        </nav>
        <ThemeToggle />
      </header>
      <DropZone />
      <main id="main" ref={main} tabIndex={-1}>
        <Page route={route} />
      </main>
    </>
  );
}
