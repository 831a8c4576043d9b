/**
 * Splits the bytes an MQTT 3.1.1 broker sends into packets, and decodes PUBLISH packets of QoS 0 and 1
 * (topic, packet id, payload). Everything else (CONNACK, SUBACK, PINGRESP, QoS 2 flows, anything
 * malformed) comes out as raw bytes for mqtt.js to handle. Pure framing, no I/O: unit-tested at every
 * split point. MQTT 3.1.1 §2.2 (fixed header, remaining length) and §3.3 (PUBLISH).
 */

export type MqttFrame =
  | { readonly kind: 'publish'; readonly qos: 0 | 1; readonly packetId: number; readonly topic: string; readonly payload: Buffer }
  | { readonly kind: 'other'; readonly bytes: Buffer };

const PUBLISH = 3;
/** The remaining length takes at most four bytes (MQTT 3.1.1 §2.2.3). */
const MAX_LENGTH_BYTES = 4;

export class MqttFrameError extends Error {
  readonly code = 'mqtt_malformed_packet';
}

export class MqttFramer {
  /** Bytes not yet returned as frames: #buf from #pos on, then #more (not yet joined). */
  #buf: Buffer = Buffer.alloc(0);
  #pos = 0;
  #more: Buffer[] = [];
  #moreBytes = 0;
  /** Bytes the packet at #pos needs in all; 0 when not known yet. */
  #need = 0;

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    if (this.#pos >= this.#buf.length && this.#more.length === 0) {
      this.#buf = chunk;
      this.#pos = 0;
      return;
    }
    // A packet spans chunks: keep them aside and join once it is complete, not on every chunk.
    this.#more.push(chunk);
    this.#moreBytes += chunk.length;
  }

  /** Bytes held that are not a whole packet yet (or not read yet). */
  get buffered(): number {
    return this.#buf.length - this.#pos + this.#moreBytes;
  }

  /** The next whole packet, or null until more bytes arrive. */
  read(): MqttFrame | null {
    if (this.#more.length > 0 && this.buffered >= Math.max(this.#need, 2)) this.#join();
    const buf = this.#buf;
    const start = this.#pos;
    const end = buf.length;
    if (end - start < 2) return null;
    let length = 0;
    let multiplier = 1;
    let i = start + 1;
    for (let n = 0; ; n++) {
      if (n === MAX_LENGTH_BYTES) throw new MqttFrameError('MQTT remaining length is longer than four bytes');
      if (i >= end) return this.#wait(0);
      const byte = buf[i++] as number;
      length += (byte & 0x7f) * multiplier;
      if ((byte & 0x80) === 0) break;
      multiplier *= 128;
    }
    const packetEnd = i + length;
    if (packetEnd > end) return this.#wait(packetEnd - start);
    this.#pos = packetEnd;
    this.#need = 0;
    const first = buf[start] as number;
    if (first >> 4 === PUBLISH) {
      const qos = (first >> 1) & 3;
      if (qos <= 1 && length >= 2) {
        const topicEnd = i + 2 + buf.readUInt16BE(i);
        const payloadStart = topicEnd + (qos === 1 ? 2 : 0);
        if (payloadStart <= packetEnd) {
          return {
            kind: 'publish',
            qos: qos as 0 | 1,
            packetId: qos === 1 ? buf.readUInt16BE(topicEnd) : 0,
            topic: buf.toString('utf8', i + 2, topicEnd),
            payload: buf.subarray(payloadStart, packetEnd),
          };
        }
      }
    }
    return { kind: 'other', bytes: buf.subarray(start, packetEnd) };
  }

  #wait(need: number): null {
    this.#need = need;
    return null;
  }

  #join(): void {
    const rest = this.#buf.subarray(this.#pos);
    this.#buf = Buffer.concat([rest, ...this.#more], rest.length + this.#moreBytes);
    this.#pos = 0;
    this.#more = [];
    this.#moreBytes = 0;
  }
}

/** PUBACK for a QoS 1 PUBLISH (MQTT 3.1.1 §3.4): type 4, remaining length 2, the packet id. */
export function writePuback(target: Buffer, offset: number, packetId: number): number {
  target[offset] = 0x40;
  target[offset + 1] = 0x02;
  target.writeUInt16BE(packetId, offset + 2);
  return offset + 4;
}
