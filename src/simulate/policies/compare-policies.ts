/**
 * The same seeded bad releases under Greenlight and under the peers' policies, measured the same
 * way: failed requests from the first shift to a fixed horizon, time from the fault's onset to
 * the decision to roll back (detect) and to all traffic on blue (restore), and the theoretical
 * minimum of the policy's own metric period.
 */
import type { ResponseRecord } from '../../local-world/http/load-generator.ts';
import type { SimulationMilestones } from '../../report/timeline.ts';
import { runSimulation, type SimulationOptions } from '../run-simulation.ts';
import { baselineLatencyMs, type GreenBehaviour } from '../scenarios.ts';
import { failedRequests, slowThresholdMs, theoreticalMinimum } from './blast-radius.ts';
import { type PeerPolicy, peerPolicies } from './peer-policies.ts';
import { runPeerPolicy } from './run-peer-policy.ts';

export interface BenchFault {
  readonly name: string;
  readonly green: GreenBehaviour;
  /** Share of the canary's requests that fail once the fault begins. */
  readonly failingShare: number;
}

const healthyGreen: GreenBehaviour = {
  errorRate: 0,
  latencyMs: baselineLatencyMs,
  failAfterSeconds: null,
  neverHealthy: false,
};

export const benchFaults: readonly BenchFault[] = [
  { name: '20% errors', green: { ...healthyGreen, errorRate: 0.2 }, failingShare: 0.2 },
  { name: '2% errors', green: { ...healthyGreen, errorRate: 0.02 }, failingShare: 0.02 },
  { name: '+400 ms', green: { ...healthyGreen, latencyMs: baselineLatencyMs + 400 }, failingShare: 1 },
  { name: 'crash after 2 min', green: { ...healthyGreen, failAfterSeconds: 120 }, failingShare: 1 },
  { name: 'healthy', green: healthyGreen, failingShare: 0 },
];

export interface PolicyRunResult {
  readonly policy: string;
  readonly fault: string;
  readonly failedRequests: number;
  readonly detectSeconds: number | null;
  readonly restoreSeconds: number | null;
  readonly theoreticalMin: number;
}

export interface ComparedPolicy {
  readonly name: string;
  readonly metricPeriodSeconds: number;
  /** The canary's share of the traffic at its first step, percent. */
  readonly firstCanaryPercent: number;
  /** Runs the release; returns what happened, the canary's weight at any moment, and every response. */
  run(
    fault: BenchFault,
    settings: CompareSettings,
    onResponse: (record: ResponseRecord) => void,
  ): Promise<{ milestones: SimulationMilestones; canaryPercentAt(atMs: number): number }>;
}

export interface CompareSettings {
  readonly rps: number;
  readonly seed: number;
  readonly horizonSeconds: number;
}

export const defaultCompareSettings: CompareSettings = { rps: 50, seed: 1, horizonSeconds: 1200 };

export interface GreenlightVariant {
  /** The app's 10 s metrics (alarms and the early verdict) besides ALB's 60 s ones. */
  readonly highResolution: boolean;
  /** VerifyGreen's pre-traffic trial against blue. */
  readonly preTrafficTrial: boolean;
}

/** Greenlight: the seed 003 plan and thresholds, through the real workflow. */
export function greenlightPolicy(
  variant: GreenlightVariant,
  migrations: Pick<SimulationOptions, 'migrator' | 'migrationsDir'> = {},
): ComparedPolicy {
  const name =
    variant.highResolution && variant.preTrafficTrial
      ? 'Greenlight (default)'
      : `Greenlight (${[
          ...(variant.preTrafficTrial ? [] : ['no pre-traffic trial']),
          ...(variant.highResolution ? [] : ['ALB 60 s metrics only']),
        ].join(', ')})`;
  return {
    name,
    metricPeriodSeconds: variant.highResolution ? 10 : 60,
    firstCanaryPercent: 10,
    async run(fault, settings, onResponse) {
      const timeline = await runSimulation({
        scenario: 'healthy',
        green: fault.green,
        rps: settings.rps,
        plan: [10, 50, 100].map((weightPercent) => ({ weightPercent, bakeSeconds: 300 })),
        standbySeconds: 300,
        seed: settings.seed,
        ...migrations,
        ...(variant.highResolution ? {} : { alarms: { highResolutionNamespace: undefined } }),
        preTrafficTrial: variant.preTrafficTrial,
        onResponse,
      });
      return {
        milestones: timeline.milestones,
        canaryPercentAt: (atMs) =>
          timeline.samples.findLast((sample) => sample.atMs <= atMs)?.weights.green ?? 0,
      };
    },
  };
}

export function peerPolicy<State>(policy: PeerPolicy<State>): ComparedPolicy {
  return {
    name: policy.name,
    metricPeriodSeconds: policy.metricPeriodSeconds,
    firstCanaryPercent: (() => {
      const { decision } = policy.start();
      return decision.kind === 'shift' ? decision.canaryPercent : 100;
    })(),
    async run(fault, settings, onResponse) {
      const run = await runPeerPolicy({
        policy,
        green: fault.green,
        rps: settings.rps,
        seed: settings.seed,
        horizonSeconds: settings.horizonSeconds,
        onResponse,
      });
      const firstShift = run.milestones.firstShiftAtMs ?? 0;
      return {
        milestones: run.milestones,
        canaryPercentAt(atMs) {
          let percent = 0;
          for (const { atSeconds, decision } of run.decisions) {
            if (firstShift + atSeconds * 1000 > atMs) break;
            if (decision.kind === 'shift') percent = decision.canaryPercent;
            if (decision.kind === 'promote') percent = 100;
            if (decision.kind === 'rollback') percent = 0;
          }
          return percent;
        },
      };
    },
  };
}

/** Greenlight both ways, then every peer. */
export function comparedPolicies(
  migrations: Pick<SimulationOptions, 'migrator' | 'migrationsDir'> = {},
): ComparedPolicy[] {
  return [
    greenlightPolicy({ highResolution: true, preTrafficTrial: true }, migrations),
    greenlightPolicy({ highResolution: true, preTrafficTrial: false }, migrations),
    greenlightPolicy({ highResolution: false, preTrafficTrial: false }, migrations),
    ...peerPolicies.map((policy) => peerPolicy(policy as PeerPolicy<unknown>)),
  ];
}

/** Runs one release under one policy and measures it. */
export async function measurePolicy(
  policy: ComparedPolicy,
  fault: BenchFault,
  settings: CompareSettings = defaultCompareSettings,
): Promise<PolicyRunResult> {
  const records: ResponseRecord[] = [];
  const { milestones, canaryPercentAt } = await policy.run(fault, settings, (record) => records.push(record));
  // A release rolled back before any shift (Greenlight's pre-traffic trial) never met a user:
  // the count starts, and the detection is timed, from that decision.
  const firstShift = milestones.firstShiftAtMs ?? milestones.rollbackAtMs;
  if (firstShift === null) throw new Error(`${policy.name}, ${fault.name}: traffic never shifted`);
  const onsetMs = fault.green.failAfterSeconds !== null ? milestones.crashAtMs : firstShift;
  const since = (atMs: number | null) =>
    atMs === null || onsetMs === null ? null : Math.max(0, (atMs - onsetMs) / 1000);
  const failed = failedRequests(
    records,
    { fromMs: firstShift, toMs: firstShift + settings.horizonSeconds * 1000 },
    slowThresholdMs(records, firstShift),
  );
  // The canary's traffic when the fault begins. A release caught before any shift needed no
  // user traffic to be judged, so no detector of that policy had to let a request fail.
  const caughtBeforeTraffic = milestones.firstShiftAtMs === null;
  const canaryPercent =
    onsetMs === null || caughtBeforeTraffic ? 0 : canaryPercentAt(onsetMs) || policy.firstCanaryPercent;
  const canaryRps = (settings.rps * canaryPercent) / 100;
  return {
    policy: policy.name,
    fault: fault.name,
    failedRequests: failed,
    detectSeconds: since(milestones.rollbackAtMs),
    restoreSeconds: since(milestones.restoredAtMs),
    theoreticalMin: theoreticalMinimum({
      canaryRps,
      failingShare: fault.failingShare,
      metricPeriodSeconds: policy.metricPeriodSeconds,
    }),
  };
}
