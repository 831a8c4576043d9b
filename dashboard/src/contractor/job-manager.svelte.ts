import type { ContractorAction, ContractorJob } from '../../../server/contracts/dispatch.ts';
import { ContractorApiError, type ContractorApi } from './contractor-api.ts';
import { PositionSharer, type SharingState } from './position-sharer.ts';

/** Errors that mean the link itself does not work: nothing to show but the error. */
const LINK_ERRORS = new Set(['link_missing', 'link_malformed', 'link_invalid', 'link_expired', 'dispatch_not_found']);
const OPEN = new Set(['requested', 'accepted', 'en_route', 'on_site']);

export interface JobManagerOptions {
  readonly pollMs?: number;
  readonly onLanguage?: (language: string) => void;
}

/**
 * The contractor's job as the page shows it: loaded through the signed link, refreshed while open (so
 * a cancellation from the operations room shows without a reload), moved on by the contractor's
 * buttons, with the phone's position shared while on the way.
 */
export class JobManager {
  readonly #api: ContractorApi | null;
  readonly #o: JobManagerOptions;
  readonly #sharer: PositionSharer;

  #job = $state.raw<ContractorJob | null>(null);
  /** The link does not work: the page shows only this error. */
  #linkError = $state<string | null>(null);
  /** The last action or refresh failed; the job stays on screen. */
  #notice = $state<string | null>(null);
  #busy = $state<ContractorAction | null>(null);
  #sharing = $state<SharingState>('off');
  #positionSentAt = $state<number | null>(null);
  #updatedAt = $state<number | null>(null);
  /** From the job, or from a link error (so an expired link still shows whom to call). */
  #operationsPhone = $state<string | null>(null);

  constructor(api: ContractorApi | null, options: JobManagerOptions = {}) {
    this.#api = api;
    this.#o = options;
    this.#sharer = new PositionSharer({
      send: (lat, lon, accuracy) => this.#api?.position(lat, lon, accuracy) ?? Promise.resolve(),
      onState: (state, sentAt) => {
        this.#sharing = state;
        this.#positionSentAt = sentAt;
      },
    });
  }

  get job(): ContractorJob | null {
    return this.#job;
  }
  get linkError(): string | null {
    return this.#linkError;
  }
  get notice(): string | null {
    return this.#notice;
  }
  get busy(): ContractorAction | null {
    return this.#busy;
  }
  get sharing(): SharingState {
    return this.#sharing;
  }
  get positionSentAt(): number | null {
    return this.#positionSentAt;
  }
  get updatedAt(): number | null {
    return this.#updatedAt;
  }
  get operationsPhone(): string | null {
    return this.#operationsPhone;
  }
  get loading(): boolean {
    return this.#job === null && this.#linkError === null;
  }

  /** Loads the job and keeps it fresh; returns the teardown. */
  init(): () => void {
    if (this.#api === null) {
      this.#linkError = 'link_missing';
      return () => undefined;
    }
    void this.refresh();
    const timer = setInterval(() => {
      if (this.#job !== null && OPEN.has(this.#job.status)) void this.refresh();
    }, this.#o.pollMs ?? 15_000);
    const onVisible = () => {
      if (document.visibilityState === 'visible') void this.refresh();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
      this.#sharer.stop();
    };
  }

  async refresh(): Promise<void> {
    if (this.#api === null || this.#busy !== null) return;
    try {
      this.#show(await this.#api.job());
      if (this.#notice === 'network') this.#notice = null;
    } catch (error) {
      this.#fail(error);
    }
  }

  async act(action: ContractorAction, note?: string): Promise<void> {
    if (this.#api === null || this.#busy !== null) return;
    this.#busy = action;
    this.#notice = null;
    try {
      this.#show(await this.#api.act(action, note));
    } catch (error) {
      this.#fail(error);
      // The request changed under us (cancelled, answered by phone): show what it is now.
      if (error instanceof ContractorApiError && error.code === 'invalid_transition') {
        this.#busy = null;
        await this.refresh();
      }
    } finally {
      this.#busy = null;
    }
  }

  #show(job: ContractorJob): void {
    const first = this.#job === null;
    this.#job = job;
    this.#operationsPhone = job.operationsPhone;
    this.#updatedAt = Date.now();
    if (first) this.#o.onLanguage?.(job.language);
    if (job.status === 'en_route') this.#sharer.start();
    else this.#sharer.stop();
  }

  #fail(error: unknown): void {
    const code = error instanceof ContractorApiError ? error.code : 'other';
    if (LINK_ERRORS.has(code)) {
      if (error instanceof ContractorApiError && error.operationsPhone !== null) this.#operationsPhone = error.operationsPhone;
      this.#linkError = code;
      this.#job = null;
      this.#sharer.stop();
    } else {
      this.#notice = code;
    }
  }
}
