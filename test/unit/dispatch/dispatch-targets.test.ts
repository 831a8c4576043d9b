import { describe, expect, it } from 'vitest';
import { DispatchTargets } from '../../../server/dispatch/dispatch-targets.ts';
import type { DispatchTarget } from '../../../server/contracts/dispatch.ts';

describe('dispatch targets', () => {
  const fire: DispatchTarget = { kind: 'incident', id: 'inc-1', hazard: 'fire', lat: 40.4, lon: 23.4 };

  it('resolves through the resolver registered for the kind', () => {
    const targets = new DispatchTargets();
    targets.register('incident', (id) => (id === 'inc-1' ? fire : null));
    expect(targets.resolve('incident', 'inc-1')).toBe(fire);
    expect(() => targets.resolve('incident', 'inc-2')).toThrow(expect.objectContaining({ statusCode: 404, code: 'incident_not_found' }) as Error);
  });

  it('says when a kind has no source yet, with what to do instead', () => {
    expect(() => new DispatchTargets().resolve('alert', 'a-1')).toThrow(
      expect.objectContaining({ statusCode: 400, code: 'target_kind_unavailable', message: expect.stringMatching(/create an incident at the place instead/) as unknown }) as Error,
    );
  });
});
