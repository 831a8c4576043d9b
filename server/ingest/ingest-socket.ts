import { Duplex } from 'node:stream';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { StreamBuilder } from 'mqtt';
import { MqttFramer, writePuback } from './mqtt-framer.ts';

/** What the ingest socket does with what it takes off the wire. */
export interface IngestSocketHandlers {
  /** Handles one delivered message, synchronously; its PUBACK follows. */
  readonly onPublish: (topic: string, payload: Buffer) => void;
  /** Null: go on; a promise: read nothing more until it resolves. */
  readonly admit?: () => Promise<void> | null;
}

/**
 * The ingest client's connection: mqtt.js keeps the session (connect, subscribe, keepalive,
 * reconnect, publishing error reports), while the PUBLISH packets the broker delivers (QoS 0 and 1)
 * are taken off the wire here, handed to ingest and acknowledged, without going through mqtt.js.
 *
 * Why: mqtt.js spends about 3 µs per received message (a buffer list, a parser emitting objects,
 * a handler chain with a nextTick per packet, each PUBACK written as several small buffers); at tens
 * of thousands of messages a second that was a quarter of the server's CPU. Framing and a 4-byte
 * PUBACK here cost a tenth of it. QoS 1 needs no state on the receiving side (MQTT 3.1.1 §4.3.2),
 * so mqtt.js loses nothing by not seeing them; QoS 2 and every other packet pass through to it.
 *
 * PUBACKs go out in the order the PUBLISHes came (§4.6), after each message was handled, in one
 * write per received chunk. Flow control: while `admit` says wait, nothing more is read, so the
 * broker holds the rest.
 */
export class IngestSocket extends Duplex {
  readonly #raw: Socket;
  readonly #handlers: IngestSocketHandlers;
  readonly #framer = new MqttFramer();
  #acks = Buffer.allocUnsafe(4 * 1024);
  #ackBytes = 0;
  #held = false;

  constructor(raw: Socket, handlers: IngestSocketHandlers) {
    super({ allowHalfOpen: false });
    this.#raw = raw;
    this.#handlers = handlers;
    raw.on('data', (chunk: Buffer) => {
      this.#framer.push(chunk);
      this.#process();
    });
    raw.on('end', () => this.push(null));
    raw.on('error', (error) => this.destroy(error));
    raw.on('close', () => this.destroy());
    raw.on('connect', () => this.emit('connect'));
    raw.on('secureConnect', () => this.emit('secureConnect'));
  }

  setNoDelay(noDelay?: boolean): this {
    this.#raw.setNoDelay(noDelay);
    return this;
  }

  override _read(): void {
    // Data is pushed as it arrives; control packets are few and small, so no pull is needed.
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#raw.write(chunk, callback);
  }

  /** mqtt.js corks around each packet it writes: the pieces go out as one buffer. */
  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    this.#raw.write(chunks.length === 1 ? (chunks[0] as { chunk: Buffer }).chunk : Buffer.concat(chunks.map((c) => c.chunk)), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#raw.end(callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#raw.destroy();
    callback(error);
  }

  #process(): void {
    if (this.#held) return;
    try {
      for (;;) {
        const wait = this.#handlers.admit?.() ?? null;
        if (wait !== null) {
          this.#hold(wait);
          break;
        }
        const frame = this.#framer.read();
        if (frame === null) break;
        if (frame.kind === 'other') {
          this.push(frame.bytes);
          continue;
        }
        this.#handlers.onPublish(frame.topic, frame.payload);
        if (frame.qos === 1) this.#ack(frame.packetId);
      }
    } catch (error) {
      this.destroy(error as Error);
      return;
    }
    this.#flushAcks();
  }

  #hold(wait: Promise<void>): void {
    this.#held = true;
    this.#raw.pause();
    this.#flushAcks();
    void wait.then(() => {
      this.#held = false;
      if (this.destroyed) return;
      this.#raw.resume();
      this.#process();
    });
  }

  #ack(packetId: number): void {
    if (this.#ackBytes + 4 > this.#acks.length) {
      const bigger = Buffer.allocUnsafe(this.#acks.length * 2);
      this.#acks.copy(bigger, 0, 0, this.#ackBytes);
      this.#acks = bigger;
    }
    this.#ackBytes = writePuback(this.#acks, this.#ackBytes, packetId);
  }

  #flushAcks(): void {
    if (this.#ackBytes === 0) return;
    // A copy: the buffer is reused for the next chunk's acknowledgements while this one is written.
    const acks = Buffer.from(this.#acks.subarray(0, this.#ackBytes));
    this.#ackBytes = 0;
    if (!this.#raw.destroyed) this.#raw.write(acks);
  }
}

/**
 * A stream builder for mqtt:// and mqtts:// URLs that takes delivered messages off the wire (see
 * IngestSocket); null for other transports (WebSocket), which go through mqtt.js as usual.
 */
export function ingestStreamBuilder(url: string, handlers: IngestSocketHandlers): StreamBuilder | null {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  switch (u.protocol) {
    case 'mqtt:':
    case 'tcp:': {
      const port = Number(u.port || 1883);
      // TCP_NODELAY: Nagle's algorithm with delayed ACKs would hold a PUBACK up to 40 ms.
      return () => new IngestSocket(netConnect({ host, port, noDelay: true }), handlers);
    }
    case 'mqtts:':
    case 'tls:': {
      const port = Number(u.port || 8883);
      return () => new IngestSocket(tlsConnect({ host, port, servername: host }).setNoDelay(true), handlers);
    }
    default:
      return null;
  }
}
