import type { RestoreNames, RestoreObservation } from '../core/snapshot-restore.ts';
import type { ServiceBinding } from '../schema/config.ts';

/** What the restore can be told to do: one step of `nextRestoreAction`'s reconcile loop. */
export type RestoreStep = 'start-restore' | 'rename-current-to-kept' | 'rename-restored-to-current';

/**
 * Putting the service's database back to a snapshot under its own name (rename-swap on RDS,
 * an in-place restore of the local engine). Never deletes anything: what it replaces is kept.
 */
export interface DatabaseRestore {
  /** What answers to each of the restore's names now. */
  observe(binding: ServiceBinding, names: RestoreNames): Promise<RestoreObservation>;
  /** Starts one step. Idempotent: a retried call for a step already under way succeeds. */
  perform(binding: ServiceBinding, names: RestoreNames, step: RestoreStep): Promise<void>;
}
