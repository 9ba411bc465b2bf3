import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { initTheme } from './app/theme.ts';

initTheme();
createRoot(document.getElementById('root')!).render(<App />);
