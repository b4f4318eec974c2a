// SQL of delivery: the email or event each served batch item became, and where it stands.
import type { DB } from './db.js';
import { BATCH_LEAD_COLUMNS } from '../core/lead.js';
import type { DeliveryItem, DeliveryMode, DeliveryState } from '../core/delivery.js';

export interface NewDelivery {
  item_id: number;
  channel: 'email' | 'calendar';
  key: string;
  state: 'files' | 'waiting';
  mode: DeliveryMode | null;
}

export function insertDeliveries(db: DB, rows: NewDelivery[]): void {
  const stmt = db.prepare('INSERT INTO deliveries (item_id, channel, key, state, mode) VALUES (@item_id, @channel, @key, @state, @mode)');
  for (const r of rows) stmt.run(r);
}

/** The Message-IDs a batch's emails were given, by item: a rewrite keeps them. */
export function emailKeysOfBatch(db: DB, batchId: number): Map<number, string> {
  const rows = db
    .prepare(
      `SELECT d.item_id, d.key FROM deliveries d JOIN batch_items bi ON bi.id = d.item_id
        WHERE bi.batch_id = ? AND d.channel = 'email'`,
    )
    .all(batchId) as { item_id: number; key: string }[];
  return new Map(rows.map((r) => [r.item_id, r.key]));
}

interface Row {
  d_item_id: number;
  d_batch_id: number;
  d_kind: DeliveryItem['kind'];
  d_key: string;
  d_state: DeliveryState;
  d_mode: DeliveryMode | null;
  d_sending_at: string | null;
  d_outcome_at: string;
  d_call_action: string | null;
  d_call_reached: number | null;
  d_last_note: string | null;
}

/**
 * Deliveries in these states with their leads as they are now and the call that asked for
 * them (its code's action and whether it reached a person): oldest first; one batch's or all.
 */
export function deliveriesIn(db: DB, states: DeliveryState[], batchId?: number): DeliveryItem[] {
  const rows = db
    .prepare(
      `SELECT ${BATCH_LEAD_COLUMNS.map((c) => `l.${c}`).join(', ')},
              d.item_id AS d_item_id, bi.batch_id AS d_batch_id, bi.kind AS d_kind, d.key AS d_key,
              d.state AS d_state, d.mode AS d_mode, d.sending_at AS d_sending_at,
              t.at AS d_outcome_at, c.action AS d_call_action, c.reached AS d_call_reached,
              CASE WHEN bi.kind = 'follow_up' THEN
                (SELECT n.note FROM touches n WHERE n.lead_id = bi.lead_id AND n.note IS NOT NULL
                  ORDER BY n.at DESC, n.id DESC LIMIT 1)
              END AS d_last_note
         FROM deliveries d
         CROSS JOIN batch_items bi ON bi.id = d.item_id
         CROSS JOIN leads l ON l.id = bi.lead_id
         LEFT JOIN touches t ON t.id = bi.touch_id
         LEFT JOIN codes c ON c.code = t.code
        WHERE d.state IN (SELECT value FROM json_each(@states))
          AND (@batch IS NULL OR bi.batch_id = @batch)
        ORDER BY d.item_id`,
    )
    .all({ states: JSON.stringify(states), batch: batchId ?? null }) as (Row & DeliveryItem['lead'])[];
  return rows.map(({ d_item_id, d_batch_id, d_kind, d_key, d_state, d_mode, d_sending_at, d_outcome_at, d_call_action, d_call_reached, d_last_note, ...lead }) => ({
    item_id: d_item_id,
    batch_id: d_batch_id,
    kind: d_kind,
    key: d_key,
    state: d_state,
    mode: d_mode,
    sending_at: d_sending_at,
    outcome_at: d_outcome_at,
    call_action: d_call_action,
    call_reached: d_call_reached,
    last_note: d_last_note,
    lead,
  }));
}

/**
 * Handed to the server: committed before the message leaves, so a crash after it is found
 * out. Only from the state it was read in: false when another run took it meanwhile.
 */
export function markSending(db: DB, itemId: number, from: DeliveryState, mode: DeliveryMode, at: string): boolean {
  return (
    db
      .prepare(`UPDATE deliveries SET state = 'sending', mode = ?, sending_at = ?, attempts = attempts + 1, cause = NULL WHERE item_id = ? AND state = ?`)
      .run(mode, at, itemId, from).changes === 1
  );
}

/**
 * Accepted by the server. An email's touch (the one its batch made) says so too, with the
 * Message-ID, so the lead's history shows where the email went.
 */
export function markDelivered(db: DB, itemId: number, mode: DeliveryMode, at: string, ref: string | null): void {
  db.prepare(`UPDATE deliveries SET state = 'delivered', mode = ?, delivered_at = ?, server_ref = ?, cause = NULL WHERE item_id = ?`).run(
    mode,
    at,
    ref,
    itemId,
  );
  db.prepare(
    `UPDATE touches SET data = json_patch(coalesce(data, '{}'), json_object('message_id', d.key, 'delivered', d.mode, 'delivered_at', d.delivered_at))
       FROM deliveries d JOIN batch_items bi ON bi.id = d.item_id
      WHERE d.item_id = ? AND d.channel = 'email'
        AND touches.channel = 'email' AND touches.batch_id = bi.batch_id AND touches.lead_id = bi.lead_id`,
  ).run(itemId);
}

/** Not delivered (yet): waits for the next sort or `batches ID --deliver`, with the reason. */
export function markWaiting(db: DB, itemIds: number[], mode: DeliveryMode, cause: string | null): void {
  const stmt = db.prepare(`UPDATE deliveries SET state = 'waiting', mode = ?, cause = ? WHERE item_id = ?`);
  for (const id of itemIds) stmt.run(mode, cause, id);
}

export function markState(db: DB, itemId: number, state: 'unsure' | 'withheld', cause: string): void {
  db.prepare('UPDATE deliveries SET state = ?, cause = ? WHERE item_id = ?').run(state, cause, itemId);
}

/** Emails handed to the SMTP server in [from, to): what counts toward the day's limit. */
export function sentBetween(db: DB, from: string, to: string): number {
  return (
    db
      .prepare(
        `SELECT count(*) AS n FROM deliveries WHERE mode = 'send' AND sending_at >= ? AND sending_at < ?
            AND state IN ('sending', 'delivered', 'unsure')`,
      )
      .get(from, to) as { n: number }
  ).n;
}

export interface DeliveryLine {
  item_id: number;
  channel: 'email' | 'calendar';
  state: DeliveryState;
  mode: DeliveryMode | null;
  cause: string | null;
  delivered_at: string | null;
}

/** Each item's delivery in one batch, by item. */
export function deliveriesOfBatch(db: DB, batchId: number): Map<number, DeliveryLine> {
  const rows = db
    .prepare(
      `SELECT d.item_id, d.channel, d.state, d.mode, d.cause, d.delivered_at
         FROM deliveries d JOIN batch_items bi ON bi.id = d.item_id WHERE bi.batch_id = ?`,
    )
    .all(batchId) as DeliveryLine[];
  return new Map(rows.map((r) => [r.item_id, r]));
}

/** What waits, by batch: emails and events not delivered yet, and sends whose outcome is unknown. */
export function openByBatch(db: DB): Map<number, { waiting: number; unsure: number }> {
  const rows = db
    .prepare(
      `SELECT bi.batch_id, sum(d.state IN ('waiting', 'sending')) AS waiting, sum(d.state = 'unsure') AS unsure
         FROM deliveries d INDEXED BY deliveries_open JOIN batch_items bi ON bi.id = d.item_id
        WHERE d.state IN ('waiting', 'sending', 'unsure') GROUP BY bi.batch_id`,
    )
    .all() as { batch_id: number; waiting: number; unsure: number }[];
  return new Map(rows.map((r) => [r.batch_id, { waiting: r.waiting, unsure: r.unsure }]));
}
