/** Decile probabilities of the PSI bins (DESIGN.md §4). */
export const DECILES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
/** Categorical columns other than model features with more distinct values than this are skipped (identifiers). */
export const MAX_EXTRA_LEVELS = 1000;
