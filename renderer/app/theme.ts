/** Light and dark: the system's choice (prefers-color-scheme) unless the user picked one with the toggle. */
export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'assay.theme';

export function currentChoice(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

export function applyTheme(choice: ThemeChoice): void {
  if (choice === 'system') document.documentElement.removeAttribute('data-theme');
  else document.documentElement.setAttribute('data-theme', choice);
  try {
    if (choice === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, choice);
  } catch {
    // storage may be unavailable; the choice then lasts for this page only
  }
}

export function initTheme(): void {
  applyTheme(currentChoice());
}
