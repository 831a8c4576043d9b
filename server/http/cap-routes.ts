import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import type { CapStore } from '../cap/cap-store.ts';
import { buildAtomFeed } from '../cap/atom-feed.ts';
import { HttpError } from './error-handler.ts';
import './access.ts';

export interface CapRoutesOptions {
  readonly cap: CapStore;
  /** The address the public reaches Skopia at (PUBLIC_URL); the request's own host when unset. */
  readonly publicUrl: string | undefined;
  readonly feedTitle: string;
  readonly author: string;
  readonly startedAt: number;
  readonly now: () => number;
}

const CAP_TYPE = 'application/cap+xml; charset=utf-8';
/** A cancelled alert stays in the feed this long, so readers see the all-clear. */
const CANCELLED_KEPT_MS = 24 * 3_600_000;
const ID = z.string().regex(/^[A-Za-z0-9_.-]{1,200}$/, 'expected an identifier of letters, digits, "_", "." or "-"');

/**
 * The public CAP 1.2 feed (public access, no credentials: it is for the warning ecosystem):
 * GET /cap/feed.xml (Atom), GET /cap/alerts/:id.xml (the alert's newest message), and
 * GET /cap/messages/:identifier.xml (one message as sent, for `references`).
 */
export const capRoutes: FastifyPluginAsyncZod<CapRoutesOptions> = async (app, opts) => {
  const base = (request: FastifyRequest): string => opts.publicUrl ?? `${request.protocol}://${request.host}`;

  app.get('/cap/feed.xml', { config: { access: 'public' } }, async (request, reply) => {
    const root = base(request);
    const messages = opts.cap.feed(opts.now() - CANCELLED_KEPT_MS, 500);
    const xml = buildAtomFeed({
      id: `${root}/cap/feed.xml`,
      title: opts.feedTitle,
      selfUrl: `${root}/cap/feed.xml`,
      author: opts.author,
      updatedFallback: opts.startedAt,
      entries: messages.map((m) => {
        const url = `${root}/cap/messages/${m.identifier}.xml`;
        return { id: url, title: m.headline, updated: m.sentAt, summary: m.description, capUrl: url, msgType: m.msgType };
      }),
    });
    return reply.header('content-type', 'application/atom+xml; charset=utf-8').header('cache-control', 'public, max-age=30').send(xml);
  });

  app.get('/cap/alerts/:id.xml', { config: { access: 'public' }, schema: { params: z.object({ id: ID }) } }, async (request, reply) => {
    const messages = opts.cap.forAlert(request.params.id);
    const last = messages[messages.length - 1];
    if (last === undefined) throw new HttpError(404, 'cap_not_found', `No public CAP message for alert "${request.params.id}": it is not a public alert, or does not exist.`);
    return reply.header('content-type', CAP_TYPE).header('cache-control', 'public, max-age=30').send(last.xml);
  });

  app.get('/cap/messages/:identifier.xml', { config: { access: 'public' }, schema: { params: z.object({ identifier: ID }) } }, async (request, reply) => {
    const message = opts.cap.byIdentifier(request.params.identifier);
    if (message === null) throw new HttpError(404, 'cap_not_found', `No CAP message "${request.params.identifier}".`);
    // A message never changes once sent.
    return reply.header('content-type', CAP_TYPE).header('cache-control', 'public, max-age=86400, immutable').send(message.xml);
  });
};
