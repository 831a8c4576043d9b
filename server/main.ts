import closeWithGrace from 'close-with-grace';
import { config as loadDotenv } from 'dotenv';
import { ConfigError, parseConfig } from './config.ts';
import { buildApp } from './app.ts';
import { explainListenError, SkopiaError } from './errors.ts';

/** The process: config, logger, listen, signals. Everything else is in buildApp. */
async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const config = parseConfig(process.env);
  const app = await buildApp(config);
  closeWithGrace({ delay: 15_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an unexpected error');
    else app.log.info({ signal }, 'shutting down: stopping ingest, flushing stores, closing sockets');
    await app.close();
  });
  try {
    await app.listen({ host: config.HTTP_HOST, port: config.HTTP_PORT });
  } catch (error) {
    await app.close();
    throw explainListenError(error, 'the web server', 'HTTP_PORT', config.HTTP_PORT);
  }
  const { broker, mqttUrl } = app.skopia;
  app.log.info(
    { http: `http://${config.HTTP_HOST === '0.0.0.0' ? 'localhost' : config.HTTP_HOST}:${config.HTTP_PORT}`, mqtt: broker ? `embedded broker on port ${broker.port}` : mqttUrl },
    'Skopia is running',
  );
}

main().catch((error: unknown) => {
  // Configuration and port errors are the user's to fix: one clear message, no stack trace.
  if (error instanceof ConfigError || error instanceof SkopiaError) console.error(`skopia: ${error.message}`);
  else console.error('skopia: failed to start:', error);
  process.exit(1);
});
