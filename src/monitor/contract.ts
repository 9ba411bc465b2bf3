export type * from '../api/contract-monitor.ts';
export type { Progress } from '../api/contract-types.ts';
