export type {
  Favorable, Cells, GroupCounts, ScoreSums, RankSums, GroupRateName, BetweenGroupName, VsReferenceName, Interval, GroupRates, GroupMetrics,
  BetweenGroups, VsReference, DatasetWide, ProportionTest, IndependenceTest, FairnessTests, ProxyStrength, BootstrapInfo, FairnessReport, SweepPoint,
} from './types.ts';
export { GROUP_RATES, BETWEEN_GROUP_METRICS, VS_REFERENCE_METRICS, CELL_NAMES } from './types.ts';
export { GROUP_RATE_SPECS, BETWEEN_GROUP_SPECS, VS_REFERENCE_SPECS } from './metric-specs.ts';
export type { GroupRateSpec, BetweenGroupSpec, VsReferenceSpec, FavorableRates } from './metric-specs.ts';
export { computeFairness, checkGroups, DEFAULT_MIN_GROUP_SIZE } from './fairness-report.ts';
export type { FairnessInput } from './fairness-report.ts';
export { ALL_OTHERS } from './bootstrap.ts';
export { planAttribute, quantilesNeeded, quantileProbabilities, binNames, DEFAULT_QUANTILES } from './attribute-plan.ts';
export type { AttributePlan, BinSpec } from './attribute-plan.ts';
export { locateAttributes, chooseReference, isNumericType } from './attribute-columns.ts';
export type { ColumnInfo, ReferenceChoice } from './attribute-columns.ts';
export type { LogSource } from './log-source.ts';
export { describeFileSql, duplicateFileIdsSql, DECISION_ID } from './log-source.ts';
export { groupCountsSql, groupRanksSql, numericProfileSql } from './counts-sql.ts';
export { assembleCounts, GROUP_SEPARATOR } from './assemble-counts.ts';
export type { AssembledCounts, SqlRow } from './assemble-counts.ts';
export type { SqlQuery, SqlValue } from './sql-text.ts';
export { encodeFeatures, consistency, sampleIndices, CONSISTENCY_NEIGHBOURS } from './consistency.ts';
export type { FeatureColumn } from './consistency.ts';
export { decisionRowCountSql, consistencyRowsSql } from './consistency-sql.ts';
export { decileEdgesSql, proxyTablesSql } from './proxy-sql.ts';
export type { ProxyFeature } from './proxy-sql.ts';
export { proxyStrengths } from './proxies.ts';
export { analyseLog, DEFAULT_CONSISTENCY_LIMIT } from './analyse-log.ts';
export type { SqlRunner, AnalyseOptions } from './analyse-log.ts';
export { thresholdSweep, DEFAULT_SWEEP } from './threshold-sweep.ts';
export { thresholdSweepSql } from './threshold-sweep-sql.ts';
