import { decideLock } from '../../core/lock-rules.ts';
import type {
  AuditEvent,
  CallbackKind,
  DeploymentRecord,
  LiveRelease,
  LockAttempt,
  LockRecord,
  LockRequest,
  SnapshotIntegrityRecord,
  Store,
} from '../../ports/store.ts';

/** The Store port in memory: the lock rules are the pure core's, applied atomically (one thread). */
export class MemoryStore implements Store {
  readonly locks = new Map<string, LockRecord>();
  readonly live = new Map<string, LiveRelease>();
  readonly deployments = new Map<string, DeploymentRecord>();
  readonly audits = new Map<string, AuditEvent[]>();
  readonly callbacks = new Map<string, string>();
  readonly snapshotIntegrity = new Map<string, SnapshotIntegrityRecord>();

  async acquireLock(request: LockRequest): Promise<LockAttempt> {
    const existing = this.locks.get(request.key) ?? null;
    const decision = decideLock(existing, request);
    if (decision.action === 'refuse' && existing) return { acquired: false, holder: existing };
    // Written whole, as DynamoDB's conditional PutItem writes it.
    this.locks.set(request.key, {
      key: request.key,
      owner: request.owner,
      ...(request.executionId ? { executionId: request.executionId } : {}),
      acquiredAtMs: request.nowMs,
      renewedAtMs: request.nowMs,
    });
    return decision.action === 'take-over-stale' && existing
      ? { acquired: true, tookOverFrom: existing }
      : { acquired: true };
  }

  async renewLock(key: string, owner: string, nowMs: number): Promise<boolean> {
    const existing = this.locks.get(key);
    if (existing?.owner !== owner) return false;
    this.locks.set(key, { ...existing, renewedAtMs: nowMs });
    return true;
  }

  async releaseLock(key: string, owner: string): Promise<void> {
    if (this.locks.get(key)?.owner === owner) this.locks.delete(key);
  }

  async readLock(key: string): Promise<LockRecord | null> {
    return this.locks.get(key) ?? null;
  }

  async getLive(service: string, environment: string): Promise<LiveRelease | null> {
    return this.live.get(`${service}#${environment}`) ?? null;
  }

  async setLive(service: string, environment: string, live: LiveRelease): Promise<void> {
    this.live.set(`${service}#${environment}`, live);
  }

  async putDeployment(record: DeploymentRecord): Promise<void> {
    this.deployments.set(record.deploymentId, structuredClone(record));
  }

  async updateDeployment(deploymentId: string, patch: Readonly<Record<string, unknown>>): Promise<void> {
    const current = this.deployments.get(deploymentId);
    if (!current) throw new Error(`deployment ${deploymentId} has no record to update`);
    this.deployments.set(deploymentId, { ...current, ...structuredClone(patch) });
  }

  async getDeployment(deploymentId: string): Promise<DeploymentRecord | null> {
    return this.deployments.get(deploymentId) ?? null;
  }

  async listDeployments(filter: {
    service?: string;
    environment?: string;
  }): Promise<readonly DeploymentRecord[]> {
    return [...this.deployments.values()]
      .filter((d) => !filter.service || d.service === filter.service)
      .filter((d) => !filter.environment || d.environment === filter.environment)
      .sort((a, b) => b.startedAtMs - a.startedAtMs);
  }

  async hasSucceeded(service: string, environment: string, version: string): Promise<boolean> {
    return [...this.deployments.values()].some(
      (d) =>
        d.service === service &&
        d.environment === environment &&
        d.version === version &&
        d.status === 'succeeded',
    );
  }

  async appendAudit(deploymentId: string, event: AuditEvent): Promise<void> {
    const events = this.audits.get(deploymentId) ?? [];
    events.push(structuredClone(event));
    this.audits.set(deploymentId, events);
  }

  /** A copy, as a real store reads it: a caller's list never changes under it when events are appended. */
  async listAudit(deploymentId: string): Promise<readonly AuditEvent[]> {
    return [...(this.audits.get(deploymentId) ?? [])];
  }

  async putCallback(deploymentId: string, kind: CallbackKind, taskToken: string): Promise<void> {
    this.callbacks.set(`${deploymentId}#${kind}`, taskToken);
  }

  async getCallback(deploymentId: string, kind: CallbackKind): Promise<string | null> {
    return this.callbacks.get(`${deploymentId}#${kind}`) ?? null;
  }

  async clearCallback(deploymentId: string, kind: CallbackKind): Promise<void> {
    this.callbacks.delete(`${deploymentId}#${kind}`);
  }

  async putSnapshotIntegrity(snapshotId: string, record: SnapshotIntegrityRecord): Promise<void> {
    this.snapshotIntegrity.set(snapshotId, structuredClone(record));
  }

  async getSnapshotIntegrity(snapshotId: string): Promise<SnapshotIntegrityRecord | null> {
    return this.snapshotIntegrity.get(snapshotId) ?? null;
  }
}
