import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { StreamBuilder } from 'mqtt';

/**
 * mqtt.js writes every PUBACK as a few tiny buffers; at tens of thousands of messages a second the
 * resulting writev calls with thousands of 2-byte pieces cost a fifth of the server's CPU. This joins
 * everything written while one received chunk is processed into one buffer, written once after it.
 */
export function coalesceWritesPerTick<S extends Socket>(socket: S): S {
  const write = socket.write.bind(socket) as (chunk: Buffer, callback?: (error?: Error | null) => void) => boolean;
  let pending: Buffer[] = [];
  let callbacks: ((error?: Error | null) => void)[] = [];
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    const chunks = pending;
    const done = callbacks;
    pending = [];
    callbacks = [];
    if (socket.destroyed) return;
    write(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks), done.length === 0 ? undefined : (error) => done.forEach((cb) => cb(error)));
  };
  (socket as { write: (...args: unknown[]) => boolean }).write = (chunk: unknown, encodingOrCallback?: unknown, callback?: unknown): boolean => {
    pending.push(typeof chunk === 'string' ? Buffer.from(chunk, typeof encodingOrCallback === 'string' ? (encodingOrCallback as BufferEncoding) : 'utf8') : (chunk as Buffer));
    const cb = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
    if (typeof cb === 'function') callbacks.push(cb as (error?: Error | null) => void);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
    // Backpressure as the socket sees it: mqtt.js waits for 'drain' when this is false.
    return socket.writableLength < socket.writableHighWaterMark;
  };
  return socket;
}

/** A stream builder for mqtt:// and mqtts:// URLs with corked sockets; null for other transports. */
export function corkedStreamBuilder(url: string): StreamBuilder | null {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  switch (u.protocol) {
    case 'mqtt:':
    case 'tcp:': {
      const port = Number(u.port || 1883);
      return () => coalesceWritesPerTick(netConnect({ host, port, noDelay: true }));
    }
    case 'mqtts:':
    case 'tls:': {
      const port = Number(u.port || 8883);
      return () => coalesceWritesPerTick(noDelay(tlsConnect({ host, port, servername: host })));
    }
    default:
      return null;
  }
}

/**
 * Nagle's algorithm holds a small packet back while an earlier one is unacknowledged, which with
 * delayed ACKs adds up to 40 ms to a PUBACK. Our writes are already batched per chunk.
 */
function noDelay<S extends Socket>(socket: S): S {
  socket.setNoDelay(true);
  return socket;
}
