import { createServer, type Server } from 'node:net';
import { Aedes, type AedesOptions, type Client } from 'aedes';
import { explainListenError } from '../errors.ts';

export interface EmbeddedBroker {
  readonly port: number;
  readonly host: string;
  connectedClients(): number;
  /** Closes the connections of the clients that match (a revoked or rotated gateway credential). */
  disconnect(match: (client: Client) => boolean): number;
  close(): Promise<void>;
}

export interface EmbeddedBrokerOptions {
  readonly host: string;
  readonly port: number;
  /** Authentication and ACL hooks (gateway credentials). */
  readonly policy?: Pick<AedesOptions, 'authenticate' | 'authorizePublish' | 'authorizeSubscribe'>;
}

/** Aedes inside the server process: the default broker when MQTT_URL is unset. */
export async function startEmbeddedBroker(opts: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const aedes = await Aedes.createBroker({ ...opts.policy });
  const clients = new Set<Client>();
  aedes.on('clientReady', (client) => clients.add(client));
  aedes.on('clientDisconnect', (client) => clients.delete(client));
  // noDelay: a reading must not wait up to 40 ms for Nagle's algorithm on its way to the server.
  const server: Server = createServer({ noDelay: true }, aedes.handle);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port, opts.host, () => {
        server.removeListener('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await new Promise<void>((resolve) => aedes.close(() => resolve()));
    throw explainListenError(error, 'the embedded MQTT broker', 'EMBEDDED_MQTT_PORT', opts.port);
  }
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : opts.port;
  return {
    port,
    host: opts.host,
    connectedClients: () => aedes.connectedClients,
    disconnect(match) {
      let n = 0;
      for (const client of clients) {
        if (!match(client)) continue;
        client.close();
        clients.delete(client);
        n++;
      }
      return n;
    },
    async close() {
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
