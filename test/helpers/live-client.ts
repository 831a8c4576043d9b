import WebSocket from 'ws';
import type { ServerMessage } from '../../server/contracts/live.ts';

/** A dashboard stand-in: records every message of `/ws` and waits for one that matches. */
export class LiveClient {
  readonly messages: ServerMessage[] = [];
  readonly #socket: WebSocket;
  readonly #waiters = new Set<() => void>();

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.on('message', (data: Buffer) => {
      this.messages.push(JSON.parse(data.toString('utf8')) as ServerMessage);
      for (const w of this.#waiters) w();
    });
  }

  /** `url` carries a kiosk token (TestServer.wsUrl does); `headers` can carry a session cookie instead. */
  static async connect(url: string, headers: Readonly<Record<string, string>> = {}): Promise<LiveClient> {
    const socket = new WebSocket(url, { headers });
    const client = new LiveClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return client;
  }

  async waitFor<T extends ServerMessage>(match: (m: ServerMessage) => m is T, timeoutMs?: number): Promise<T>;
  async waitFor(match: (m: ServerMessage) => boolean, timeoutMs?: number): Promise<ServerMessage>;
  async waitFor(match: (m: ServerMessage) => boolean, timeoutMs = 10_000): Promise<ServerMessage> {
    const found = this.messages.find(match);
    if (found) return found;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`no matching live message within ${timeoutMs} ms; got ${this.messages.length} messages`));
      }, timeoutMs);
      const check = (): void => {
        const m = this.messages.find(match);
        if (m) {
          clearTimeout(timer);
          this.#waiters.delete(check);
          resolve(m);
        }
      };
      this.#waiters.add(check);
    });
  }

  close(): void {
    this.#socket.close();
  }
}
