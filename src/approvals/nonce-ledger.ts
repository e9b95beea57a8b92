/**
 * Single use of approval links: a nonce is spent by one conditional write, so two clicks
 * racing each other cannot both count.
 */
import { randomUUID } from 'node:crypto';
import type { Store } from '../ports/store.ts';

/** Where spent link nonces are remembered. */
export interface NonceLedger {
  /** True when the nonce was already spent (a read: changes nothing). */
  isSpent(nonce: string): Promise<boolean>;
  /** Spends the nonce atomically; false when someone spent it first. */
  spend(nonce: string, nowMs: number): Promise<boolean>;
}

/** In memory, for tests and the local world. */
export class MemoryNonceLedger implements NonceLedger {
  readonly spent = new Set<string>();

  async isSpent(nonce: string): Promise<boolean> {
    return this.spent.has(nonce);
  }

  async spend(nonce: string): Promise<boolean> {
    if (this.spent.has(nonce)) return false;
    this.spent.add(nonce);
    return true;
  }
}

/** Nonce keys in the Store's lock space, apart from `<service>#<environment>` deployment locks. */
export const nonceLockKey = (nonce: string): string => `approval-link#${nonce}`;
/** A spent nonce never becomes free again (a lock this old is never "stale"). */
const neverStaleMs = 100 * 365 * 86_400_000;

/**
 * The durable ledger on the existing Store port: spending a nonce is taking a lock named after
 * it with a one-off owner. `acquireLock` is a conditional write (DynamoDB
 * `attribute_not_exists(pk)`), so of two concurrent spends exactly one wins; the lock is
 * never released, so a replay finds it taken.
 */
export function storeNonceLedger(store: Pick<Store, 'acquireLock' | 'readLock'>): NonceLedger {
  return {
    isSpent: async (nonce) => (await store.readLock(nonceLockKey(nonce))) !== null,
    spend: async (nonce, nowMs) => {
      const attempt = await store.acquireLock({
        key: nonceLockKey(nonce),
        owner: `link-${randomUUID()}`,
        nowMs,
        staleAfterMs: neverStaleMs,
      });
      return attempt.acquired;
    },
  };
}
