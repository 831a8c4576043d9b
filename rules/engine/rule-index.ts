/**
 * Which compiled rules apply to a sensor, computed once per sensor and remembered: a reading costs one
 * map lookup, not a pass over every rule's selector.
 */
import type { CompiledRule } from './compile-rule.ts';
import { selects } from './selector.ts';
import type { RuleSensor } from './types.ts';

interface Entry {
  readonly kind: string;
  readonly villageId: string;
  readonly rules: readonly CompiledRule[];
}

export class RuleIndex {
  readonly #all: readonly CompiledRule[];
  readonly #byKind = new Map<string, readonly CompiledRule[]>();
  readonly #bySensor = new Map<string, Entry>();

  constructor(rules: readonly CompiledRule[]) {
    this.#all = rules;
  }

  rulesFor(sensor: RuleSensor): readonly CompiledRule[] {
    const entry = this.#bySensor.get(sensor.id);
    // Selectors look at id, kind and village only: a registry edit of either re-resolves the sensor.
    if (entry !== undefined && entry.kind === sensor.kind && entry.villageId === sensor.villageId) return entry.rules;
    const rules = this.#candidates(sensor.kind).filter((r) => selects(r.selector, sensor));
    this.#bySensor.set(sensor.id, { kind: sensor.kind, villageId: sensor.villageId, rules });
    return rules;
  }

  #candidates(kind: string): readonly CompiledRule[] {
    let rules = this.#byKind.get(kind);
    if (rules === undefined) {
      rules = this.#all.filter((r) => r.selector.kinds === undefined || (r.selector.kinds as readonly string[]).includes(kind));
      this.#byKind.set(kind, rules);
    }
    return rules;
  }
}
