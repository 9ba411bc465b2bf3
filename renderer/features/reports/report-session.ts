import type { ReportCreateResult, ReportVerifyResult } from '../../../src/api/contract.ts';

/** A report made in this browser session, with its last verification. */
export interface SessionReport {
  created: ReportCreateResult;
  createdAt: string;
  verification: ReportVerifyResult | null;
  verifiedAt: string | null;
}

const KEY = 'assay.reports.session';

/** The reports of this session, kept in sessionStorage (they survive a reload, not a closed tab). */
export function loadSessionReports(): SessionReport[] {
  try {
    const v = JSON.parse(sessionStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? (v as SessionReport[]) : [];
  } catch {
    return [];
  }
}

export function saveSessionReports(list: SessionReport[]): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(list));
  } catch {
    // a full or disabled storage only costs the list after a reload
  }
}
