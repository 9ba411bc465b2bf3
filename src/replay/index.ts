export type { AuditedLog, AuditedModel, RunContext } from './types.ts';
export { replayLog, DEFAULT_TOLERANCE, type ReplayOptions } from './replay-log.ts';
export { whatIf } from './what-if.ts';
export { populationWhatIf } from './population-what-if.ts';
export { thresholdWhatIf } from './threshold-what-if.ts';
export { counterfactuals, DEFAULT_COUNTERFACTUALS, DEFAULT_MAX_CHANGES, type CounterfactualOptions } from './counterfactuals.ts';
export { searchCounterfactuals, distance, VALIDITY_MARGIN, type SearchFeature, type SearchSpec, type Found, type Value } from './counterfactual-search.ts';
export { iceCurves, DEFAULT_ICE_SAMPLE, DEFAULT_GRID_SIZE, type IceOptions } from './ice.ts';
export { compileWhere, type CompiledWhere } from './where-filter.ts';
