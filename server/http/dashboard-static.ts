import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import fastifyStatic from '@fastify/static';
import { errorBody } from './error-handler.ts';
import { SESSION_COOKIE } from '../contracts/accounts.ts';
import './access.ts';

/** Serves the built dashboard; says how to build it when it is missing instead of a bare 404. */
export const dashboardStatic: FastifyPluginAsync<{ distDir: string; anonymousViewer?: boolean }> = async (app, opts) => {
  if (!existsSync(join(opts.distDir, 'index.html'))) {
    app.log.warn({ distDir: opts.distDir }, 'dashboard is not built: run `npm run build`');
    app.get('/', { config: { access: 'public' } }, async (_request, reply) =>
      reply.status(503).send(errorBody('dashboard_not_built', 'The dashboard is not built: run `npm run build`, then reload.')),
    );
    return;
  }
  // The dashboard's files are public; its data comes from /api and /ws, which need a session or kiosk
  // token. @fastify/static takes no route config, so its routes are marked here (this plugin's scope only).
  // With ANONYMOUS_VIEWER a visitor without a session lands on the live map (the wall view), not on the
  // console's sign-in; `/?signin` reaches the console.
  if (opts.anonymousViewer === true) {
    app.addHook('onRequest', async (request, reply) => {
      if (request.url === '/' && !(request.headers.cookie ?? '').includes(`${SESSION_COOKIE}=`)) return reply.redirect('/wall', 302);
    });
  }
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, access: route.config?.access ?? 'public' };
  });
  await app.register(fastifyStatic, {
    root: opts.distDir,
    // Vite fingerprints assets, so they can be cached for long; index.html must always be fresh.
    setHeaders(reply, path) {
      reply.header('cache-control', path.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable');
    },
  });
};
