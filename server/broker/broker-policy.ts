import { timingSafeEqual } from 'node:crypto';
import type { AedesOptions, Client } from 'aedes';
import type { SensorRegistry } from '../registry/sensor-registry.ts';
import { gatewayAcl, mayPublish, maySubscribe, serverAcl, type TopicAcl } from './gateway-acl.ts';
import type { GatewayCredentials } from './gateway-credentials.ts';

/** The server's own identity on the embedded broker; `$` cannot appear in a gateway id. */
export const INTERNAL_USERNAME = '$skopia-server';

export interface BrokerPolicyOptions {
  readonly registry: SensorRegistry;
  readonly credentials: GatewayCredentials;
  readonly prefix: string;
  /** The server's own password, generated at start and never stored. */
  readonly internalPassword: string;
  readonly onDenied?: (event: { username: string | null; action: 'connect' | 'publish' | 'subscribe'; topic?: string }) => void;
}

export type BrokerPolicy = Pick<AedesOptions, 'authenticate' | 'authorizePublish' | 'authorizeSubscribe'> & {
  /** The gateway a connected client authenticated as. */
  gatewayOf(client: Client): string | null;
};

function badCredentials(): Error & { returnCode: 4 } {
  return Object.assign(new Error('bad username or password'), { returnCode: 4 as const });
}

/** Aedes hooks: gateways authenticate with their credential and are held to their topic ACL. */
export function brokerPolicy(opts: BrokerPolicyOptions): BrokerPolicy {
  const acls = new WeakMap<Client, { username: string; acl: TopicAcl }>();
  const internal = Buffer.from(opts.internalPassword);
  const server = serverAcl(opts.prefix);
  const deny = opts.onDenied ?? (() => undefined);
  return {
    authenticate(client, username, password, done) {
      if (username === undefined || password === undefined) {
        deny({ username: null, action: 'connect' });
        return done(badCredentials(), false);
      }
      if (username === INTERNAL_USERNAME) {
        const ok = password.length === internal.length && timingSafeEqual(password, internal);
        if (ok) acls.set(client, { username, acl: server });
        else deny({ username, action: 'connect' });
        return done(ok ? null : badCredentials(), ok);
      }
      const gateway = opts.registry.gateway(username);
      if (!gateway) {
        deny({ username, action: 'connect' });
        return done(badCredentials(), false);
      }
      opts.credentials.verify(username, password.toString('utf8')).then(
        (ok) => {
          if (ok) acls.set(client, { username, acl: gatewayAcl(gateway, opts.prefix) });
          else deny({ username, action: 'connect' });
          done(ok ? null : badCredentials(), ok);
        },
        () => done(badCredentials(), false),
      );
    },
    authorizePublish(client, packet, callback) {
      // client is null for messages the broker publishes itself.
      if (client === null) return callback(null);
      const entry = acls.get(client);
      if (entry && mayPublish(entry.acl, packet.topic)) return callback(null);
      deny({ username: entry?.username ?? null, action: 'publish', topic: packet.topic });
      callback(new Error(`not allowed to publish on ${packet.topic}`));
    },
    authorizeSubscribe(client, subscription, callback) {
      const entry = acls.get(client);
      if (entry && maySubscribe(entry.acl, subscription.topic)) return callback(null, subscription);
      deny({ username: entry?.username ?? null, action: 'subscribe', topic: subscription.topic });
      // A null subscription makes Aedes answer SUBACK 0x80 (failure) without closing the connection.
      callback(null, null);
    },
    gatewayOf(client) {
      const entry = acls.get(client);
      return entry && entry.username !== INTERNAL_USERNAME ? entry.username : null;
    },
  };
}
