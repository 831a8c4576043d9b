import type { DispatchTarget } from '../contracts/dispatch.ts';
import { HttpError } from '../http/error-handler.ts';

/** Turns an alert or incident id into something to dispatch to; null when there is none (or it is closed). */
export type DispatchTargetResolver = (id: string) => DispatchTarget | null;

/**
 * Where targets come from: incidents register here at start, and the alerts service registers
 * `alert` (`app.skopia.machinery.targets.register('alert', id => ...)`), so dispatch never imports alerts.
 */
export class DispatchTargets {
  readonly #resolvers = new Map<DispatchTarget['kind'], DispatchTargetResolver>();

  register(kind: DispatchTarget['kind'], resolver: DispatchTargetResolver): void {
    this.#resolvers.set(kind, resolver);
  }

  resolve(kind: DispatchTarget['kind'], id: string): DispatchTarget {
    const resolver = this.#resolvers.get(kind);
    if (!resolver) {
      throw new HttpError(400, 'target_kind_unavailable', `Dispatching to ${kind}s is not available in this version: create an incident at the place instead.`);
    }
    const target = resolver(id);
    if (!target) throw new HttpError(404, `${kind}_not_found`, `No open ${kind} "${id}" to dispatch to.`);
    return target;
  }
}
