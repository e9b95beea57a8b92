import { describe, expect, it } from 'vitest';
import { openPostgres } from '../../../src/db/engine/postgres-database.ts';

const url = process.env.DATABASE_URL;

/**
 * A server connection dropping in the middle of a transaction (a failover, a restart,
 * pg_terminate_backend) fails that transaction with the server's reason, and nothing else: the
 * process stays up, and the next statement gets a fresh connection. It once died with
 * "Unhandled 'error' event: Connection terminated unexpectedly".
 */
describe.skipIf(!url)('PostgreSQL: a connection dropped mid-transaction', () => {
  it('fails the transaction, keeps the process up, and serves the next statement', async () => {
    // Prepare
    const db = await openPostgres(url as string, { maxConnections: 2 });
    const killer = await openPostgres(url as string, { maxConnections: 1 });
    try {
      // Act: the transaction's own backend is terminated while it runs.
      const transaction = db.transaction(async (tx) => {
        const [{ pid }] = (await tx.query<{ pid: number }>('select pg_backend_pid() as pid')).rows as [
          { pid: number },
        ];
        await killer.query('select pg_terminate_backend($1)', [pid]);
        await tx.query('select pg_sleep(0.2)');
        return 'not reached';
      });

      // Assess: which words pg uses depends on whether the termination reached the client before
      // its next query ("... connection error and is not queryable") or during it ("terminating
      // connection ..."): a matter of timing, so either is the dropped connection.
      await expect(transaction).rejects.toThrow(/terminat|connection error/i);
      await new Promise((resolve) => setTimeout(resolve, 100)); // any stray 'error' event lands now
      expect((await db.query<{ one: number }>('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await killer.close();
      await db.close();
    }
  });
});
