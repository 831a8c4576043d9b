import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { GatewayCredentialInfo, GatewayCredentials } from '../broker/gateway-credentials.ts';
import { mosquittoAclFile } from '../broker/mosquitto-files.ts';
import { writeMosquittoFiles } from '../broker/write-mosquitto-files.ts';
import { GatewaySummarySchema, NoteBodySchema } from '../contracts/accounts.ts';
import { IdSchema } from '../contracts/registry.ts';
import type { SensorRegistry } from '../registry/sensor-registry.ts';
import type { AuditLog } from '../store/audit-log.ts';
import { auditSource } from './auth-plugin.ts';
import { HttpError } from './error-handler.ts';
import './access.ts';

export interface GatewayRoutesOptions {
  readonly registry: SensorRegistry;
  readonly credentials: GatewayCredentials;
  readonly audit: AuditLog;
  /** The MQTT topic prefix (not `prefix`, which Fastify reads as a URL prefix for the plugin). */
  readonly topicPrefix: string;
  /** Where Mosquitto's passwd and acl are kept up to date (MOSQUITTO_FILES_DIR); null: not managed. */
  readonly mosquittoDir: string | null;
  /** The server's own account on Mosquitto, which the password file must contain too. */
  readonly serverAccount: { readonly username: string; readonly password: string } | null;
}

const SMALL_BODY = 16 * 1024;
const Params = z.object({ id: IdSchema });

const MosquittoFilesSchema = z.object({
  dir: z.string().nullable(),
  written: z.boolean(),
  error: z.string().optional(),
  reload: z.string().optional(),
});

const IssuedCredentialSchema = z.object({
  gatewayId: z.string(),
  /** The MQTT username is the gateway id. */
  username: z.string(),
  /** Shown once: store it in the gateway now. */
  password: z.string(),
  rotated: z.boolean(),
  mosquittoFiles: MosquittoFilesSchema,
});

function credentialState(c: GatewayCredentialInfo | undefined) {
  if (!c) return { state: 'none' as const, createdAt: null, rotatedAt: null, revokedAt: null };
  return { state: c.revokedAt === null ? ('active' as const) : ('revoked' as const), createdAt: c.createdAt, rotatedAt: c.rotatedAt, revokedAt: c.revokedAt };
}

const RELOAD = 'Reload Mosquitto to apply: systemctl reload mosquitto (or kill -HUP its pid).';

/**
 * Admin: gateway MQTT credentials. Create or rotate answers the new password once; revoke
 * disconnects the gateway at once on the embedded broker.
 *
 * Mosquitto's files: the API never hands out the password file (it holds hashes, including the
 * server's own account). GET shows what the ACL would be and whose hashes the password file holds;
 * the files themselves are written only on this machine, only into MOSQUITTO_FILES_DIR (set by the
 * person who installed Skopia, never by a request), after every credential change and on POST.
 */
export const gatewayRoutes: FastifyPluginAsyncZod<GatewayRoutesOptions> = async (app, opts) => {
  const { registry, credentials, audit } = opts;

  const gatewayOr404 = (id: string) => {
    const gateway = registry.gateway(id);
    if (!gateway) throw new HttpError(404, 'gateway_not_found', `No gateway "${id}" in this region's registry.`);
    return gateway;
  };

  const writeFiles = (): z.infer<typeof MosquittoFilesSchema> => {
    if (opts.mosquittoDir === null || opts.serverAccount === null) return { dir: null, written: false };
    try {
      writeMosquittoFiles({
        dir: opts.mosquittoDir,
        registry,
        credentials,
        prefix: opts.topicPrefix,
        serverUsername: opts.serverAccount.username,
        serverPassword: opts.serverAccount.password,
      });
      return { dir: opts.mosquittoDir, written: true, reload: RELOAD };
    } catch (error) {
      app.log.error({ err: error, dir: opts.mosquittoDir }, 'cannot write the Mosquitto files');
      return { dir: opts.mosquittoDir, written: false, error: `Cannot write the Mosquitto files in ${opts.mosquittoDir}: ${(error as Error).message}. Check MOSQUITTO_FILES_DIR and its permissions.` };
    }
  };

  app.get(
    '/api/gateways',
    { config: { access: 'admin' }, schema: { response: { 200: z.object({ gateways: z.array(GatewaySummarySchema), mosquittoFilesDir: z.string().nullable() }) } } },
    async () => {
      const byId = new Map(credentials.list().map((c) => [c.gatewayId, c]));
      return {
        gateways: [...registry.gateways()].map((g) => ({ id: g.id, name: g.name, format: g.format, credential: credentialState(byId.get(g.id)) })),
        mosquittoFilesDir: opts.mosquittoDir,
      };
    },
  );

  app.post(
    '/api/gateways/:id/credential',
    {
      config: { access: 'admin' },
      bodyLimit: SMALL_BODY,
      schema: {
        params: Params,
        body: NoteBodySchema,
        response: { 200: IssuedCredentialSchema, 201: IssuedCredentialSchema },
      },
    },
    async (request, reply) => {
      const gateway = gatewayOr404(request.params.id);
      const before = credentialState(credentials.list().find((c) => c.gatewayId === gateway.id));
      const { password, rotated } = credentials.issue(gateway.id);
      const after = credentialState(credentials.list().find((c) => c.gatewayId === gateway.id));
      audit.record({
        ...auditSource(request),
        action: rotated ? 'gateway.credential.rotate' : 'gateway.credential.create',
        subjectType: 'gateway',
        subjectId: gateway.id,
        before,
        after,
        note: request.body?.note ?? null,
      });
      reply.header('cache-control', 'no-store');
      return reply.status(rotated ? 200 : 201).send({ gatewayId: gateway.id, username: gateway.id, password, rotated, mosquittoFiles: writeFiles() });
    },
  );

  app.delete(
    '/api/gateways/:id/credential',
    {
      config: { access: 'admin' },
      bodyLimit: SMALL_BODY,
      schema: { params: Params, body: NoteBodySchema, response: { 200: z.object({ gatewayId: z.string(), credential: GatewaySummarySchema.shape.credential, mosquittoFiles: MosquittoFilesSchema }) } },
    },
    async (request) => {
      const gateway = gatewayOr404(request.params.id);
      const before = credentialState(credentials.list().find((c) => c.gatewayId === gateway.id));
      if (!credentials.revoke(gateway.id)) throw new HttpError(404, 'no_active_credential', `Gateway "${gateway.id}" has no active credential to revoke.`);
      const after = credentialState(credentials.list().find((c) => c.gatewayId === gateway.id));
      audit.record({ ...auditSource(request), action: 'gateway.credential.revoke', subjectType: 'gateway', subjectId: gateway.id, before, after, note: request.body?.note ?? null });
      return { gatewayId: gateway.id, credential: after, mosquittoFiles: writeFiles() };
    },
  );

  app.get(
    '/api/gateways/mosquitto-files',
    {
      config: { access: 'admin' },
      schema: { response: { 200: z.object({ dir: z.string().nullable(), acl: z.string(), passwordFileUsers: z.array(z.string()), howTo: z.string() }) } },
    },
    async () => {
      const serverUsername = opts.serverAccount?.username ?? 'skopia-server';
      const known = new Set([...registry.gateways()].map((g) => g.id));
      return {
        dir: opts.mosquittoDir,
        acl: mosquittoAclFile([...registry.gateways()], opts.topicPrefix, serverUsername),
        passwordFileUsers: [serverUsername, ...credentials.activeHashes().filter((c) => known.has(c.gatewayId)).map((c) => c.gatewayId)],
        howTo:
          opts.mosquittoDir === null
            ? 'Set MOSQUITTO_FILES_DIR (with MQTT_USERNAME and MQTT_PASSWORD) so that Skopia keeps passwd and acl there, or run `npm run gateway -- mosquitto <dir>` on the server.'
            : `Skopia keeps ${opts.mosquittoDir}/passwd and ${opts.mosquittoDir}/acl up to date. ${RELOAD}`,
      };
    },
  );

  app.post(
    '/api/gateways/mosquitto-files',
    { config: { access: 'admin' }, bodyLimit: SMALL_BODY, schema: { body: NoteBodySchema, response: { 200: MosquittoFilesSchema } } },
    async (request) => {
      if (opts.mosquittoDir === null) {
        throw new HttpError(409, 'mosquitto_files_not_configured', 'Set MOSQUITTO_FILES_DIR (and MQTT_USERNAME, MQTT_PASSWORD) in the server configuration, then restart Skopia.');
      }
      const result = writeFiles();
      audit.record({ ...auditSource(request), action: 'gateway.mosquitto_files.write', subjectType: 'mosquitto_files', subjectId: opts.mosquittoDir, after: { written: result.written }, note: request.body?.note ?? null });
      if (!result.written) throw new HttpError(500, 'mosquitto_files_not_written', result.error ?? 'The Mosquitto files could not be written; see the server log.');
      return result;
    },
  );
};
