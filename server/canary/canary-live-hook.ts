import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import type { SensorView } from '../contracts/live.ts';

/**
 * The live leg of the canary, measured on the hub's own send path without the canary ever reaching a
 * dashboard: the hub asks for a changed sensor's view when it builds that sensor's frame, so the
 * canary's view being asked for is the moment its frame would go out. The answer is "no such sensor",
 * and the hub sends nothing.
 */
export class CanaryLiveHook {
  readonly #sensorId: string;
  readonly #now: () => number;
  #listener: ((at: number) => void) | null = null;

  constructor(sensorId: string, now: () => number) {
    this.#sensorId = sensorId;
    this.#now = now;
  }

  /** Whether a sensor is the canary: the probe client's filter on the hub. */
  watches(sensorId: string): boolean {
    return sensorId === this.#sensorId;
  }

  /** The hub's `sensorView` option, with the canary hidden and its frames observed. */
  wrap(view: (id: string) => SensorView | null): (id: string) => SensorView | null {
    return (id) => {
      if (id !== this.#sensorId) return view(id);
      this.#listener?.(this.#now());
      return null;
    };
  }

  onFrame(listener: ((at: number) => void) | null): void {
    this.#listener = listener;
  }
}

/**
 * A dashboard stand-in on the hub, in process, so the hub always has a client to build the canary's
 * frame for. It has what the hub uses of a WebSocket (on, send, close, readyState, OPEN,
 * bufferedAmount) and drops what it is sent: sending costs one string per frame, nothing more.
 */
export class LiveProbeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  readonly bufferedAmount = 0;
  framesReceived = 0;

  send(_data: string): void {
    this.framesReceived++;
  }

  close(): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.emit('close');
  }

  /** The hub's parameter type is ws's WebSocket; this class has the part of it the hub touches. */
  asWebSocket(): WebSocket {
    return this as unknown as WebSocket;
  }
}
