/**
 * Row counts and checksums per table, so a snapshot can be checked after a restore.
 *
 * checksum = md5 of every row's text form, joined in primary-key order. The text form of a
 * timestamp or float depends on session settings, so they are pinned (SET LOCAL) first.
 */
import type { SqlDatabase } from './sql-database.ts';

/** The shape of one table, as the checksum needs it. */
export interface TableShape {
  readonly name: string;
  /** Column names in table order. */
  readonly columns: readonly string[];
  /** Primary-key columns in key order; empty when the table has none. */
  readonly primaryKey: readonly string[];
}

/** What a snapshot remembers of one table. */
export interface TableChecksum {
  readonly name: string;
  readonly rowCount: number;
  /** md5 hex of the rows' text forms, ordered by primary key. */
  readonly checksum: string;
  /** The columns the checksum covers, in order. */
  readonly columns: readonly string[];
}

/** Quotes an identifier for SQL (`my"table` → `"my""table"`). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The schema unqualified names resolve to (`public` unless search_path says otherwise). */
export async function currentSchema(db: SqlDatabase): Promise<string> {
  const { rows } = await db.query<{ schema: string }>('SELECT current_schema() AS schema');
  return rows[0]!.schema;
}

/** Every ordinary table of `schema` with its columns and primary key, by name. */
export async function describeTables(db: SqlDatabase, schema: string): Promise<TableShape[]> {
  const { rows: columns } = await db.query<{ table_name: string; column_name: string }>(
    `SELECT c.relname AS table_name, a.attname AS column_name
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY c.relname, a.attnum`,
    [schema],
  );
  const { rows: keys } = await db.query<{ table_name: string; column_name: string }>(
    `SELECT c.relname AS table_name, a.attname AS column_name
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY (i.indkey)
      WHERE n.nspname = $1 AND i.indisprimary
      ORDER BY c.relname, array_position(string_to_array(i.indkey::text, ' ')::int[], a.attnum::int)`,
    [schema],
  );
  const shapes = new Map<string, { columns: string[]; primaryKey: string[] }>();
  for (const row of columns) {
    const shape = shapes.get(row.table_name) ?? { columns: [], primaryKey: [] };
    shape.columns.push(row.column_name);
    shapes.set(row.table_name, shape);
  }
  for (const row of keys) shapes.get(row.table_name)?.primaryKey.push(row.column_name);
  return [...shapes].map(([name, shape]) => ({ name, ...shape }));
}

/** Row count and checksum of each table in `schema`, computed in one transaction. */
export function tableChecksums(
  db: SqlDatabase,
  schema: string,
  tables: readonly TableShape[],
): Promise<TableChecksum[]> {
  return db.transaction(async (tx) => {
    await tx.exec(
      "SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL IntervalStyle = 'postgres'; SET LOCAL extra_float_digits = 1",
    );
    const results: TableChecksum[] = [];
    for (const table of tables) {
      const { rows } = await tx.query<{ row_count: number; checksum: string }>(checksumSql(schema, table));
      const row = rows[0]!;
      results.push({
        name: table.name,
        rowCount: row.row_count,
        checksum: row.checksum,
        columns: table.columns,
      });
    }
    return results;
  });
}

function checksumSql(schema: string, table: TableShape): string {
  const rowText = `ROW(${table.columns.map(quoteIdent).join(', ')})::text`;
  const order = table.primaryKey.length > 0 ? table.primaryKey.map(quoteIdent).join(', ') : rowText;
  return `SELECT count(*)::int AS row_count,
                 md5(coalesce(string_agg(${rowText}, E'\\n' ORDER BY ${order}), '')) AS checksum
            FROM ${quoteIdent(schema)}.${quoteIdent(table.name)}`;
}

/**
 * What differs between the recorded checksums and the actual ones, one readable line per
 * difference, e.g. `orders: 12 rows, expected 10`. Empty means they match.
 */
export function compareChecksums(
  expected: readonly TableChecksum[],
  actual: readonly TableChecksum[],
): string[] {
  const byName = new Map(actual.map((table) => [table.name, table]));
  const mismatches: string[] = [];
  for (const want of expected) {
    const got = byName.get(want.name);
    if (!got) mismatches.push(`${want.name}: table missing`);
    else if (got.rowCount !== want.rowCount)
      mismatches.push(`${want.name}: ${got.rowCount} rows, expected ${want.rowCount}`);
    else if (got.checksum !== want.checksum)
      mismatches.push(`${want.name}: checksum ${got.checksum}, expected ${want.checksum}`);
  }
  return mismatches;
}
