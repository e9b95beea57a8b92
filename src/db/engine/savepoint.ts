import type { SqlDatabase } from './sql-database.ts';

/**
 * Runs `fn` inside `SAVEPOINT` on an open transaction, so a nested `tx.transaction()` can
 * roll back its own work without aborting the outer transaction. `depth` keeps names unique.
 */
export async function withSavepoint<T>(
  tx: SqlDatabase,
  depth: number,
  fn: (tx: SqlDatabase) => Promise<T>,
): Promise<T> {
  const name = `gl_sp_${depth}`;
  await tx.exec(`SAVEPOINT ${name}`);
  try {
    const result = await fn(tx);
    await tx.exec(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (error) {
    await tx.exec(`ROLLBACK TO SAVEPOINT ${name}`);
    throw error;
  }
}

/** The error a transaction handle gives when asked to close the whole database. */
export function closeOnTransactionError(): Error {
  return new Error('close() was called on a transaction handle: close the database you opened, not `tx`');
}
