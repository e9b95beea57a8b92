/**
 * `greenlight approve|reject <id> --step after-the-fact --role <role>`: the approvals a release
 * owes once it went out (seed 000 §7.4). No task waits for them, so the decision goes straight to
 * the approval API, which counts it by the gate's rules and records the caller's identity.
 */
import { InvalidRequestError } from '../errors.ts';
import type { GateAnswer } from './approval-gate-client.ts';
import { type GateConnection, openApprovalGate } from './open-approval-gate.ts';

export async function answerAfterTheFact(
  flags: GateConnection & { readonly by?: string },
  decision: { deploymentId: string; decision: 'approve' | 'reject'; role?: string; reason: string },
): Promise<GateAnswer> {
  if (!decision.role) {
    throw new InvalidRequestError(
      `--role: say which role you ${decision.decision} as after the fact, one the release owes (for example --role cab). Nothing was sent.`,
    );
  }
  const gate = openApprovalGate({ ...flags, as: flags.as ?? flags.by });
  return gate({ ...decision, role: decision.role, step: 'after-the-fact' });
}
