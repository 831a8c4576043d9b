/** Every CAP message published, exactly as sent (migration 023). Immutable rows. */
import type { StateDb } from '../store/state-store.ts';
import type { CapMsgType } from './cap-message.ts';

export interface StoredCapMessage {
  readonly identifier: string;
  readonly alertId: string;
  readonly seq: number;
  readonly msgType: CapMsgType;
  readonly sender: string;
  /** Exactly as in the message's <sent>, which is what `references` must repeat. */
  readonly sent: string;
  readonly sentAt: number;
  /** For the Atom feed's title and summary. */
  readonly headline: string;
  readonly description: string;
  readonly xml: string;
}

interface Row {
  identifier: string;
  alert_id: string;
  seq: number;
  msg_type: string;
  sender: string;
  sent: string;
  sent_at: number;
  headline: string;
  description: string;
  xml: string;
}

function fromRow(r: Row): StoredCapMessage {
  return { identifier: r.identifier, alertId: r.alert_id, seq: r.seq, msgType: r.msg_type as CapMsgType, sender: r.sender, sent: r.sent, sentAt: r.sent_at, headline: r.headline, description: r.description, xml: r.xml };
}

export class CapStore {
  readonly #db: StateDb;
  readonly #insert;
  readonly #forAlert;
  readonly #byIdentifier;

  constructor(db: StateDb) {
    this.#db = db;
    this.#insert = db.prepare<[string, string, number, string, string, string, number, string, string, string]>(
      'INSERT INTO cap_messages (identifier, alert_id, seq, msg_type, sender, sent, sent_at, headline, description, xml) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.#forAlert = db.prepare<[string], Row>('SELECT * FROM cap_messages WHERE alert_id = ? ORDER BY seq');
    this.#byIdentifier = db.prepare<[string], Row>('SELECT * FROM cap_messages WHERE identifier = ?');
  }

  insert(m: StoredCapMessage): void {
    this.#insert.run(m.identifier, m.alertId, m.seq, m.msgType, m.sender, m.sent, m.sentAt, m.headline, m.description, m.xml);
  }

  forAlert(alertId: string): StoredCapMessage[] {
    return this.#forAlert.all(alertId).map(fromRow);
  }

  byIdentifier(identifier: string): StoredCapMessage | null {
    const row = this.#byIdentifier.get(identifier);
    return row ? fromRow(row) : null;
  }

  /**
   * The newest message of each alert for the feed: alerts still in force, and those cancelled
   * within `cancelledSince` (so a reader sees the all-clear), newest first.
   */
  feed(cancelledSince: number, limit: number): StoredCapMessage[] {
    return this.#db
      .prepare<[number, number], Row>(
        `SELECT m.* FROM cap_messages m
         WHERE m.seq = (SELECT MAX(seq) FROM cap_messages WHERE alert_id = m.alert_id)
           AND (m.msg_type <> 'Cancel' OR m.sent_at >= ?)
         ORDER BY m.sent_at DESC, m.identifier LIMIT ?`,
      )
      .all(cancelledSince, limit)
      .map(fromRow);
  }
}
