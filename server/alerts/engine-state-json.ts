/**
 * The engine state as JSON, written in slices that yield to the event loop between them: at 10,000
 * sensors one JSON.stringify of the state blocks for about 100 ms, which would land on whichever
 * reading arrives meanwhile. Slot by slot, each slice stays within a few milliseconds.
 *
 * The state keeps changing between slices; each slot is serialised whole, so the result is a state
 * that existed slot by slot (a slot a little older than another), which restore() accepts like any
 * saved state: at worst a condition is a few seconds behind after a restart.
 */
import type { EngineState } from '../../rules/index.ts';

export type Yield = () => Promise<void>;

const nextTurn: Yield = () => new Promise((resolve) => setImmediate(resolve));

export async function engineStateJson(state: EngineState, sliceMs = 4, yieldToLoop: Yield = nextTurn): Promise<string> {
  const parts: string[] = [];
  let sliceStart = performance.now();
  const maybeYield = async (): Promise<void> => {
    if (performance.now() - sliceStart < sliceMs) return;
    await yieldToLoop();
    sliceStart = performance.now();
  };
  const record = async (values: Record<string, unknown>): Promise<void> => {
    parts.push('{');
    let first = true;
    for (const key of Object.keys(values)) {
      const value = values[key];
      // A key deleted since Object.keys() was taken (a slot ended meanwhile) is simply left out.
      if (value === undefined) continue;
      parts.push(`${first ? '' : ','}${JSON.stringify(key)}:${JSON.stringify(value)}`);
      first = false;
      if (parts.length % 256 === 0) await maybeYield();
    }
    parts.push('}');
    await maybeYield();
  };

  parts.push(`{"version":${JSON.stringify(state.version)},"since":${JSON.stringify(state.since)},"lastSeen":`);
  await record(state.lastSeen);
  parts.push(',"gatewayLastSeen":');
  await record(state.gatewayLastSeen);
  parts.push(',"rules":{');
  let firstRule = true;
  for (const ruleId of Object.keys(state.rules)) {
    const rs = state.rules[ruleId];
    if (rs === undefined) continue;
    parts.push(`${firstRule ? '' : ','}${JSON.stringify(ruleId)}:{"sensors":`);
    firstRule = false;
    await record(rs.sensors);
    parts.push(',"gateways":');
    await record(rs.gateways);
    parts.push(',"villages":');
    await record(rs.villages);
    parts.push(`,"shared":${JSON.stringify(rs.shared) ?? 'null'}}`);
    await maybeYield();
  }
  parts.push('}}');
  return parts.join('');
}
