/**
 * The simulator's programmatic API, for the demo script, tests and benchmarks:
 *
 *   const sim = await startSimulator({ scenario: 'live', brokerUrl: 'mqtt://localhost:1883' });
 *   ...
 *   await sim.stop();
 *
 *   const stats = await runScenario({ scenario: 'odra-flood', speed: Infinity, brokerUrl });
 *   const load = await runLoad({ sensors: 1000, ratePerSec: 5000, count: 100_000, brokerUrl });
 */
export { startSimulator, runScenario, DEFAULT_BROKER_URL } from './runtime/simulator.ts';
export type { SimulatorHandle, SimulatorOptions, SimulatorStats } from './runtime/simulator.ts';
export { runLoad } from './load/run-load.ts';
export type { LoadOptions, LoadResult } from './load/run-load.ts';
export { loadSensorIds, DEFAULT_LOAD_GATEWAY, DEFAULT_LOAD_SENSOR_PREFIX } from './load/load-plan.ts';
export { loadScenario, listScenarios, parseScenario, validateScenario } from './scenario/scenario-loader.ts';
export type { LoadedScenario } from './scenario/scenario-loader.ts';
export type { Scenario, ScenarioFile, ScenarioEvent } from './scenario/scenario-schema.ts';
export { publishedReadings, unmetExpectations, firstCrossing } from './scenario/expectations.ts';
export { readSimulatedRegion, parseRegionNetwork } from './region/region-reader.ts';
export { buildWorld } from './world/world.ts';
export type { World, RunOverrides } from './world/world.ts';
export { Timeline } from './timeline/timeline.ts';
export type { SimEvent } from './timeline/sim-event.ts';
export { encodeEvent } from './encoders/encode-event.ts';
export { decodeCompactPayload, encodeCompactPayload, COMPACT_PAYLOAD_FPORT } from './encoders/compact-payload.ts';
export { DryRunSink } from './publisher/dry-run-sink.ts';
export type { MessageSink } from './publisher/message-sink.ts';
export { SimulatorError } from './simulator-error.ts';
