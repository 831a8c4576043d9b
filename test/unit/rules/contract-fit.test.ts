import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Reading } from '../../../server/contracts/telemetry.ts';
import type { Sensor } from '../../../server/contracts/registry.ts';
import { SENSOR_KINDS } from '../../../server/contracts/registry.ts';
import { RULE_SENSOR_KINDS } from '../../../rules/engine/selector.ts';
import type { RuleReading, RuleSensor } from '../../../rules/engine/types.ts';

// rules/ declares its inputs structurally to stay free of server/; these checks keep the two in step.
describe('the engine takes the server contracts as they are', () => {
  it('accepts a registry Sensor and an ingested Reading', () => {
    expectTypeOf<Sensor>().toExtend<RuleSensor>();
    expectTypeOf<Reading>().toExtend<RuleReading>();
  });

  it('knows the same sensor kinds as the registry', () => {
    expect([...RULE_SENSOR_KINDS]).toEqual([...SENSOR_KINDS]);
  });
});
