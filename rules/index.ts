/** The rules package's public surface for the server: load a rule set, run the engine, persist its state. */
export { createRuleEngine } from './engine/engine.ts';
export type { RuleEngine, RuleEngineOptions } from './engine/engine.ts';
export { loadRuleSet, loadRuleSets } from './engine/load-rule-set.ts';
export type { RuleSetDocument, RuleSetLoad, RuleSetProblem } from './engine/load-rule-set.ts';
export { RuleSchema, RuleSetSchema } from './engine/rule-schema.ts';
export type { Rule, RuleInput, RuleSet } from './engine/rule-schema.ts';
export { createEngineState, ENGINE_STATE_VERSION } from './engine/state.ts';
export type { EngineState } from './engine/state.ts';
export type { RestoredState } from './engine/restore-state.ts';
export { inspectEngineState } from './engine/inspect.ts';
export type { RuleLiveState } from './engine/inspect.ts';
export { fixedUtcOffset, timeZoneOffset, UTC } from './engine/local-time.ts';
export type { LocalTime } from './engine/local-time.ts';
export { CAP_CERTAINTIES, CAP_SEVERITIES, CAP_URGENCIES, compareSeverity } from './engine/cap-vocabulary.ts';
export type { CapCertainty, CapSeverity, CapUrgency } from './engine/cap-vocabulary.ts';
export type {
  AlertSubject,
  AlertTransition,
  EngineResult,
  RuleReading,
  RuleSensor,
  SubjectType,
  TransitionKind,
} from './engine/types.ts';
export { HAZARDS, MACHINE_TYPES, machineTypesFor } from './hazards/machine-types.ts';
export type { Hazard, MachineType } from './hazards/machine-types.ts';
export { START_OF_SEASON_CODES } from './hazards/fwi.ts';
export type { MoistureCodes } from './hazards/fwi.ts';
