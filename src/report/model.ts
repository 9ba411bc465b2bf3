/**
 * The report as data: sections of blocks, rendered alike to PDF and HTML and exported to the evidence bundle.
 * Every number a block shows comes from a recorded run or a case table; nothing here is computed afresh.
 */
export const SECTION_IDS = ['summary', 'package', 'data', 'replay', 'fairness', 'explanations', 'drift', 'findings', 'audit', 'appendix'] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export type Cell = string | number | null;

export interface TableColumn {
  title: string;
  align?: 'left' | 'right';
  /** Monospaced (hashes, ids). */
  mono?: boolean;
}

export type Status = 'pass' | 'fail' | 'warn' | 'none';

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string; tone?: 'normal' | 'note' | 'missing' | 'mono' }
  | { kind: 'keyValues'; rows: { key: string; value: string; mono?: boolean }[] }
  | {
      kind: 'table';
      /** Name of the table in the evidence bundle (tables/<name>.csv and .json). */
      name: string;
      caption: string;
      columns: TableColumn[];
      rows: Cell[][];
      /** At most this many rows are printed; every row is in the evidence bundle. */
      printLimit?: number;
    }
  | { kind: 'checks'; rows: { label: string; status: Status; detail: string }[] }
  | {
      kind: 'bars';
      title: string;
      /** Horizontal bars with optional interval whiskers and flags, on [min, max]. */
      bars: { label: string; value: number | null; low?: number | null; high?: number | null; flagged?: boolean; note?: string }[];
      min: number;
      max: number;
      lines?: { value: number; label: string }[];
      valueLabel: string;
    }
  | {
      kind: 'waterfall';
      title: string;
      base: number;
      /** Contributions in the order drawn (largest |value| first). */
      steps: { label: string; value: number }[];
      final: number;
      valueLabel: string;
    };

export interface Section {
  id: SectionId | 'cover';
  title: string;
  /** False when the runs the section needs are not in the case. */
  present: boolean;
  blocks: Block[];
}

export interface ReportCover {
  title: string;
  caseId: string;
  caseTitle: string;
  models: { ref: string; sha256: string }[];
  data: { log: string; sha256: string; rows: number }[];
  /** The time of the latest run the report draws on (the report's date; never the clock). */
  asOf: string;
  runs: number;
  signer: string | null;
}

export interface Report {
  format: 'assay-report/1';
  cover: ReportCover;
  sections: Section[];
  /** The runs the report draws on, in the appendix's order. */
  runIds: string[];
  warnings: string[];
}
