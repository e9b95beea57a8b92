import type { Ports } from '../ports/index.ts';

/** Appends one event to the deployment's audit trail, stamped with the ports' clock. */
export async function audit(
  ports: Ports,
  deploymentId: string,
  type: string,
  detail: Readonly<Record<string, unknown>> = {},
): Promise<void> {
  await ports.store.appendAudit(deploymentId, { atMs: ports.clock.nowMs(), type, detail });
}
