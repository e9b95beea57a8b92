import type { ObservedDatabase, RestoreNames, RestoreObservation } from '../../core/snapshot-restore.ts';
import type { DatabaseRestore, RestoreStep } from '../../ports/database-restore.ts';

interface Instance {
  status: string;
  restoredBy: string | null;
  /** Observations left before a pending status becomes `available`. */
  settlesAfter: number;
}

/**
 * RDS's rename-swap in memory: instances by identifier, each new status settling to
 * `available` after `settleAfterObservations` looks, like the real service's asynchronous calls.
 */
export class MemoryRestore implements DatabaseRestore {
  readonly instances = new Map<string, Instance>();
  readonly performed: RestoreStep[] = [];
  settleAfterObservations = 1;

  async observe(binding: { database: { id: string } }, names: RestoreNames): Promise<RestoreObservation> {
    this.seed(binding.database.id);
    for (const instance of this.instances.values()) {
      if (instance.status === 'available') continue;
      if (instance.settlesAfter <= 0) instance.status = 'available';
      else instance.settlesAfter -= 1;
    }
    return {
      current: this.look(names.databaseId, names),
      restored: this.look(names.restoredId, names),
      kept: this.look(names.keptId, names),
    };
  }

  async perform(
    binding: { database: { id: string } },
    names: RestoreNames,
    step: RestoreStep,
  ): Promise<void> {
    this.seed(binding.database.id);
    this.performed.push(step);
    if (step === 'start-restore') {
      if (!this.instances.has(names.restoredId)) {
        this.instances.set(names.restoredId, this.pending('creating', names.deploymentId));
      }
      return;
    }
    const [from, to] =
      step === 'rename-current-to-kept'
        ? [names.databaseId, names.keptId]
        : [names.restoredId, names.databaseId];
    const instance = this.instances.get(from);
    if (!instance) return; // a retried rename: already moved
    this.instances.delete(from);
    this.instances.set(to, { ...this.pending('renaming', instance.restoredBy) });
  }

  private seed(databaseId: string): void {
    if (this.instances.size === 0) {
      this.instances.set(databaseId, { status: 'available', restoredBy: null, settlesAfter: 0 });
    }
  }

  private pending(status: string, restoredBy: string | null): Instance {
    return { status, restoredBy, settlesAfter: this.settleAfterObservations };
  }

  private look(id: string, names: RestoreNames): ObservedDatabase | null {
    const instance = this.instances.get(id);
    return instance
      ? { status: instance.status, restoredByThisDeployment: instance.restoredBy === names.deploymentId }
      : null;
  }
}
