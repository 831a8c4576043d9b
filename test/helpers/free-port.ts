import { createServer } from 'node:net';

/**
 * A TCP port that was free on 127.0.0.1 a moment ago: the OS picks it, we release it. Another process
 * could take it before the caller binds, so callers that start a server retry with a new port.
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('the OS gave no TCP port for a loopback listener'));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}
