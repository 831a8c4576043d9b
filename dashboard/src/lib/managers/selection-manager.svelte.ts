const HASH_PREFIX = '#sensor=';

/**
 * Which sensor is open. Kept in the URL hash (`#sensor=ws-polygyros`) so a link opens the same sensor
 * on any screen, and so wall-mode alert rotation can later drive the selection the same way.
 */
export class SelectionManager {
  #sensorId = $state<string | null>(null);

  get sensorId(): string | null {
    return this.#sensorId;
  }

  /** Reads the hash and follows it; returns the teardown. */
  init(): () => void {
    const follow = () => {
      this.#sensorId = sensorIdFromHash(location.hash);
    };
    follow();
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }

  select(sensorId: string | null): void {
    if (sensorId === this.#sensorId) return;
    this.#sensorId = sensorId;
    // replaceState: opening sensors must not fill the Back button's history.
    const hash = sensorId === null ? '' : `${HASH_PREFIX}${encodeURIComponent(sensorId)}`;
    history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`);
  }
}

function sensorIdFromHash(hash: string): string | null {
  if (!hash.startsWith(HASH_PREFIX)) return null;
  const id = decodeURIComponent(hash.slice(HASH_PREFIX.length));
  return id === '' ? null : id;
}
