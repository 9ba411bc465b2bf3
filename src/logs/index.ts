export { CANONICAL_FIELDS, QUARANTINE_REASONS } from './types.ts';
export type {
  CanonicalField, ColumnRole, LogColumn, LogFormat, LogImportRequest, LogImportResult, LogPreview, LogProgress, QuarantineReason,
} from './types.ts';
export { detectFormat } from './detect-format.ts';
export { importLog } from './import-log.ts';
export { previewLog } from './preview-log.ts';
export { importReferenceData } from './reference-data.ts';
export { FIELD_NAMES } from './column-mapping.ts';
