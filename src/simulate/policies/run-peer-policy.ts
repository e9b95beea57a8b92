/**
 * One release under a peer's policy, in the same world a Greenlight simulation runs in: the
 * same seeded load, router, app servers and CloudWatch, with the peer's controller in place of
 * the Step Functions workflow. The controller shifts weights on its own schedule and rolls back
 * from what it reads, as the peer reads it: CodeDeploy from CloudWatch alarms on ALB's 60-s
 * metrics, Flagger and Argo from a Prometheus scraped every 15 s.
 */
import { createVirtualClock } from '../../local-world/clock/virtual-clock.ts';
import { type ResponseRecord, startLoad } from '../../local-world/http/load-generator.ts';
import { localService, startLocalWorld } from '../../local-world/world.ts';
import type { SimulationMilestones } from '../../report/timeline.ts';
import { fromVersion, scheduleCrash, toVersion } from '../run-simulation.ts';
import { faultsFor, type GreenBehaviour } from '../scenarios.ts';
import { codeDeployAlarms } from './codedeploy-alarms.ts';
import type { PeerPolicy, PolicyDecision, PolicyObservation } from './peer-policies.ts';
import { PrometheusWindow, scrapeIntervalSeconds } from './prometheus-window.ts';

export interface PeerRunOptions<State> {
  readonly policy: PeerPolicy<State>;
  readonly green: GreenBehaviour;
  /** Requests per world second. */
  readonly rps: number;
  readonly seed: number;
  /** World seconds after the first shift the run is observed for (a promoted release keeps serving). */
  readonly horizonSeconds: number;
  readonly onResponse?: (record: ResponseRecord) => void;
  /** @default 30 */
  readonly warmUpSeconds?: number;
}

export interface PeerRun {
  readonly outcome: 'promoted' | 'rolled-back' | 'still-progressing';
  readonly reason: string;
  readonly milestones: SimulationMilestones;
  /** Every decision the controller took that changed something, in order. */
  readonly decisions: readonly { readonly atSeconds: number; readonly decision: PolicyDecision }[];
}

/** After a rollback, this long on blue alone still counts (as a Greenlight simulation does). */
const afterRollbackSeconds = 30;

export async function runPeerPolicy<State>(options: PeerRunOptions<State>): Promise<PeerRun> {
  const { policy } = options;
  const clock = createVirtualClock();
  const world = await startLocalWorld({
    clock,
    liveVersion: fromVersion,
    seed: options.seed,
    behaviour: ({ version }) => faultsFor(options.green, version === toVersion),
    config: {
      // Greenlight's workflow does not run here; the config only has to be valid.
      trafficPlan: [{ weightPercent: 100, bakeSeconds: 60 }],
      standbySeconds: 60,
      contact: 'ops@localhost (greenlight bench)',
    },
  });
  const service = world.service(localService);
  const binding = service.binding;
  const prometheus = new PrometheusWindow();
  const stops: (() => void)[] = [];
  try {
    const alarmNames: string[] = [];
    if (policy.reads === 'alarms') {
      for (const alarm of codeDeployAlarms(localService, binding)) {
        world.alarms.putMetricAlarm(structuredClone(alarm) as never);
        alarmNames.push(alarm.AlarmName);
      }
    } else {
      stops.push(
        clock.setInterval(scrapeIntervalSeconds * 1000, () => prometheus.scrape(clock.nowMs()), {
          background: true,
        }),
      );
    }
    const load = startLoad({
      url: service.router.productionUrl,
      rps: options.rps,
      writeRatio: 0.1,
      clock,
      onResponse: (record) => {
        prometheus.observe(record);
        options.onResponse?.(record);
      },
    });
    await clock.sleep((options.warmUpSeconds ?? 30) * 1000);

    // The new task set, healthy behind its target group before any traffic (ECS + ALB).
    await world.ports.compute.deploy(binding, 'green', {
      image: `local/${localService}:${toVersion}`,
      version: toVersion,
      desiredCount: 1,
    });
    // Every peer sends its test traffic to the new task set, as Greenlight's DeployGreen does.
    await world.ports.router.pointTestListener(binding, 'green');
    for (let waited = 0; service.health.health('green').healthy === 0; waited += 5) {
      if (waited >= 300) throw new Error('green never became healthy behind its target group');
      await clock.sleep(5_000);
    }

    let finished = false;
    const crash = scheduleCrash(service, clock, options.green, () => finished);
    stops.push(crash.stop);
    const setCanary = (percent: number) =>
      world.ports.router.setWeights(binding, { blue: 100 - percent, green: percent });

    const firstShiftAtMs = clock.nowMs();
    const elapsedSeconds = () => (clock.nowMs() - firstShiftAtMs) / 1000;
    const decisions: PeerRun['decisions'][number][] = [];
    let { state, decision } = policy.start();
    let rollbackAtMs: number | null = null;
    for (;;) {
      if (decision.kind !== 'hold') decisions.push({ atSeconds: elapsedSeconds(), decision });
      if (decision.kind === 'shift') await setCanary(decision.canaryPercent);
      if (decision.kind === 'promote') await setCanary(100);
      if (decision.kind === 'rollback') {
        rollbackAtMs = clock.nowMs();
        await setCanary(0); // every peer reroutes at once; the old task set is still up
      }
      if (decision.kind === 'promote' || decision.kind === 'rollback') break;
      if (elapsedSeconds() >= options.horizonSeconds) break;
      await clock.sleep(policy.checkEverySeconds * 1000);
      const observation: PolicyObservation = {
        elapsedSeconds: elapsedSeconds(),
        alarmsInAlarm: alarmsInAlarm(world.alarms, alarmNames),
        lastMinute: {
          successRate: prometheus.successRate('green', clock.nowMs(), 60),
          p99Ms: prometheus.quantileMs('green', clock.nowMs(), 60, 0.99),
        },
        instantSuccessRate: prometheus.instantSuccessRate('green', clock.nowMs(), 300),
      };
      ({ state, decision } = policy.check(state, observation));
    }
    const restoredAtMs = rollbackAtMs;
    const endAtMs =
      rollbackAtMs !== null
        ? rollbackAtMs + afterRollbackSeconds * 1000
        : firstShiftAtMs + options.horizonSeconds * 1000;
    if (endAtMs > clock.nowMs()) await clock.sleep(endAtMs - clock.nowMs());
    finished = true;
    await load.stop();
    const last = decisions.at(-1)?.decision;
    return {
      outcome:
        last?.kind === 'rollback'
          ? 'rolled-back'
          : last?.kind === 'promote'
            ? 'promoted'
            : 'still-progressing',
      reason: last?.reason ?? 'no decision',
      milestones: { firstShiftAtMs, crashAtMs: crash.crashedAtMs(), rollbackAtMs, restoredAtMs },
      decisions,
    };
  } finally {
    for (const stop of stops) stop();
    await world.close();
  }
}

function alarmsInAlarm(
  alarms: {
    describeAlarms(input: { AlarmNames: string[] }): {
      MetricAlarms?: { AlarmName?: string; StateValue?: string }[];
    };
  },
  names: string[],
): string[] {
  if (names.length === 0) return [];
  return (alarms.describeAlarms({ AlarmNames: names }).MetricAlarms ?? [])
    .filter((alarm) => alarm.StateValue === 'ALARM')
    .map((alarm) => alarm.AlarmName ?? '');
}
