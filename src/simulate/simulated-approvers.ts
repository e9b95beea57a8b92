/**
 * `greenlight simulate --preset`: someone has to answer the approval gates the preset asks for.
 * The simulator does, through the gate's own rules (src/approvals/identity-decision.ts): one
 * made-up person per approval still missing, as the role the gate requires, recorded with the
 * channel `simulation` so the audit trail says plainly that no person decided.
 */

import { tallyApprovals } from '../approvals/approval-tally.ts';
import { gateRecordFrom } from '../approvals/gate-record.ts';
import { decideByIdentity } from '../approvals/identity-decision.ts';
import type { LocalWorld } from '../local-world/world.ts';

/** How often the simulator looks for a waiting gate, in world ms (a person takes longer). */
const lookEveryMs = 10_000;

/** The simulated approver of the `n`th approval of `role`. */
export const simulatedApprover = (role: string, n: number): string =>
  `${role}-${n}@simulated.greenlight.local`;

/** Answers `deploymentId`'s approval gates until stopped; `said` hears each answer. */
export function answerApprovals(
  world: LocalWorld,
  deploymentId: string,
  said: (line: string) => void,
): () => void {
  let answering = false;
  return world.clock.setInterval(
    lookEveryMs,
    async () => {
      if (answering) return;
      answering = true;
      try {
        const record = gateRecordFrom(await world.ports.store.listAudit(deploymentId));
        if (!record.requirements || record.completed || record.rejection) return;
        if (!(await world.ports.store.getCallback(deploymentId, 'approval'))) return;
        const { missing } = tallyApprovals(record.requirements, record.grants);
        for (const { role, needed } of missing) {
          for (let n = 1; n <= needed; n++) {
            const approver = simulatedApprover(role, record.grants.length + n);
            const outcome = await decideByIdentity(world.ports, {
              deploymentId,
              decision: 'approve',
              role,
              approver,
              via: 'simulation',
            });
            said(
              `approved as ${role} by ${approver} (simulated: the simulator answers as the configured roles) → ${outcome.status}`,
            );
          }
        }
      } finally {
        answering = false;
      }
    },
    { background: true },
  );
}
