/**
 * The deployment lock is a lease: Preflight takes it, and the running execution renews it at
 * every step it takes (src/handlers/define-step.ts) and, while it waits at an approval gate,
 * with every heartbeat of the approval reminder. The lease therefore only has to outlast the
 * longest stretch in which nothing of the execution runs: one bake, the standby, the restore
 * approval, the backup and rollout waits, a restore poll interval, an approval heartbeat, plus
 * the longest single task. A lease
 * shorter than that would let another deployment take the lock over in the middle of a wait
 * (the first one's DecommissionBlue then scaled the second one's live colour to zero), so such
 * a config is refused when it loads. Pure.
 */

import { approvalHeartbeatSeconds } from '../approvals/reminder-schedule.ts';
import type { EnvironmentConfig } from '../schema/config.ts';
import { formatDuration } from './format.ts';

/** The longest Task timeout in deploy.asl.json (Migrate): a step runs this long without renewing. */
export const longestTaskSeconds = 900;

type LeaseInputs = Pick<
  EnvironmentConfig,
  'trafficPlan' | 'standbySeconds' | 'rollback' | 'backup' | 'deployGreen' | 'lockStaleAfterSeconds'
>;

/** The longest wait of the workflow with no step of its own running, and what it is. */
export function longestUnrenewedWait(config: Omit<LeaseInputs, 'lockStaleAfterSeconds'>): {
  readonly seconds: number;
  readonly what: string;
} {
  const waits: [number, string][] = [
    [Math.max(...config.trafficPlan.map((step) => step.bakeSeconds)), 'the longest bake'],
    [config.standbySeconds, 'the blue standby'],
    [approvalHeartbeatSeconds, "an approval gate's heartbeat"],
    [config.rollback.restoreApprovalTimeoutSeconds, 'the restore approval'],
    [config.backup.maxWaitSeconds, 'the backup wait (backup.maxWaitSeconds)'],
    [config.deployGreen.maxWaitSeconds, 'the rollout wait (deployGreen.maxWaitSeconds)'],
    [config.backup.pollSeconds, 'a restore poll'],
  ];
  const [seconds, what] = waits.reduce((longest, wait) => (wait[0] > longest[0] ? wait : longest));
  return { seconds: seconds + longestTaskSeconds, what };
}

/** The lease a deployment holds: `lockStaleAfterSeconds` when set, else the longest wait, to the next hour. */
export function leaseSeconds(config: LeaseInputs): number {
  if (config.lockStaleAfterSeconds !== undefined) return config.lockStaleAfterSeconds;
  return Math.ceil(longestUnrenewedWait(config).seconds / 3600) * 3600;
}

/** Why a config's lease cannot cover its own longest wait, or null when it can. */
export function leaseProblem(config: LeaseInputs): string | null {
  if (config.lockStaleAfterSeconds === undefined) return null;
  const longest = longestUnrenewedWait(config);
  if (config.lockStaleAfterSeconds >= longest.seconds) return null;
  return (
    `lockStaleAfterSeconds ${config.lockStaleAfterSeconds} (${formatDuration(config.lockStaleAfterSeconds)}) is shorter than ` +
    `${longest.what} plus the longest step (${longest.seconds} s, ${formatDuration(longest.seconds)}): another deployment could ` +
    `take the lock over while this one waits. Set it to at least ${longest.seconds}, or leave it out to have it derived`
  );
}
