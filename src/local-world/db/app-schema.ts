/**
 * The demo application's schema: one `orders` table that the app servers write to, so that a
 * deployment has real writes to protect (snapshot, restore, "writes lost since the snapshot").
 */

import type { SqlDatabase } from '../../db/engine/sql-database.ts';
import type { Colour } from '../../ports/colour.ts';

/** One row of `orders`. */
export interface OrderRow {
  readonly id: number;
  readonly colour: Colour;
  readonly version: string;
  readonly item: string;
  readonly createdAt: Date;
}

/** Creates the app tables when missing; safe to run on every start. */
export async function ensureAppSchema(db: SqlDatabase): Promise<void> {
  await db.exec(`
    CREATE TABLE IF NOT EXISTS orders (
      id bigserial PRIMARY KEY,
      colour text NOT NULL,
      version text NOT NULL,
      item text NOT NULL,
      created_at timestamptz DEFAULT now()
    )`);
}

/** Inserts one order and returns its id. */
export async function insertOrder(
  db: SqlDatabase,
  order: { colour: Colour; version: string; item: string },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    'INSERT INTO orders (colour, version, item) VALUES ($1, $2, $3) RETURNING id',
    [order.colour, order.version, order.item],
  );
  return rows[0]!.id;
}

/** Reads one order, or undefined when there is no such id. */
export async function findOrder(db: SqlDatabase, id: number): Promise<OrderRow | undefined> {
  const { rows } = await db.query<{
    id: number;
    colour: Colour;
    version: string;
    item: string;
    created_at: Date;
  }>('SELECT id, colour, version, item, created_at FROM orders WHERE id = $1', [id]);
  const row = rows[0];
  return row && { ...row, createdAt: row.created_at };
}

/** The number of orders. */
export async function countOrders(db: SqlDatabase): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders');
  return rows[0]!.n;
}

/** Every order id, ascending. */
export async function allOrderIds(db: SqlDatabase): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>('SELECT id FROM orders ORDER BY id');
  return rows.map((row) => Number(row.id));
}
