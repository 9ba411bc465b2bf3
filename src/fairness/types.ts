export * from '../api/contract-fairness.ts';
