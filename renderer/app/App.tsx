import { useEffect, useRef, useState } from 'react';
import { CaseHome } from '../features/case-home/CaseHome.tsx';
import { DecisionDetail } from '../features/decision/DecisionDetail.tsx';
import { Explorer } from '../features/explorer/Explorer.tsx';
import { Fairness } from '../features/fairness/Fairness.tsx';
import { PackageReview } from '../features/package-review/PackageReview.tsx';
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
    case 'package':
      return <PackageReview ref_={route.ref} />;
    case 'explorer':
      return <Explorer log={route.log} />;
    case 'decision':
      return <DecisionDetail log={route.log} id={route.id} />;
    case 'fairness':
      return <Fairness log={route.log} />;
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
        </nav>
        <ThemeToggle />
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Page route={route} />
      </main>
    </>
  );
}
