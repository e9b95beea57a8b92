import { type SmokeRequest, smokeRequestOf } from '../../core/smoke-tests.ts';
import { MigrationFailedError, ThrottledError } from '../../errors.ts';
import type { FiringAlarm } from '../../ports/alarms.ts';
import type { Colour, ListenerWeights } from '../../ports/colour.ts';
import type { Compute, ComputeStatus } from '../../ports/compute.ts';
import type {
  AppliedMigration,
  DatabaseSnapshots,
  MigrateRequest,
  MigrationReport,
  Migrator,
  SnapshotStatus,
} from '../../ports/database.ts';
import type { HookContext, HookResult, HookRunner } from '../../ports/hook-runner.ts';
import type { AppCountsRequest, Metrics, TargetGroupStats, TimeWindow } from '../../ports/metrics.ts';
import type { Notification, Notifier } from '../../ports/notifier.ts';
import type { SmokeResult, SmokeTester, TrialResult } from '../../ports/smoke-tester.ts';
import type { TargetHealth, TrafficRouter } from '../../ports/traffic-router.ts';
import type { LifecycleHook, PreTrafficTrial, SmokeTest } from '../../schema/config.ts';

/**
 * Scripted stand-ins for the AWS pieces, for the workflow tests: each records what was done to
 * it and can be told to misbehave. (The local world's real HTTP versions live in src/local-world.)
 */

export class MemoryRouter implements TrafficRouter {
  weights: ListenerWeights = { blue: 100, green: 0 };
  /** Every weight change, in order: the tests assert this history. */
  readonly history: ListenerWeights[] = [];
  /** Throttle the next N setWeights calls (a transient throttle), or every call when Infinity. */
  throttleNextSets = 0;
  /** Only throttle calls that would raise green's weight: a persistent throttle the rollback still gets through. */
  throttleOnlyForward = false;
  health: Record<Colour, TargetHealth> = {
    blue: { healthy: 2, unhealthy: 0, details: [] },
    green: { healthy: 2, unhealthy: 0, details: [] },
  };
  private readonly listeners: ((weights: ListenerWeights) => void)[] = [];

  async setWeights(_binding: unknown, weights: ListenerWeights): Promise<void> {
    const forward = weights.green > this.weights.green || weights.blue > this.weights.blue;
    if (this.throttleNextSets > 0 && (!this.throttleOnlyForward || forward)) {
      this.throttleNextSets -= 1;
      throw new ThrottledError('ModifyListener was throttled (Rate exceeded)');
    }
    this.weights = { ...weights };
    this.history.push({ ...weights });
    for (const listener of this.listeners) listener(this.weights);
  }

  async readWeights(): Promise<ListenerWeights> {
    return { ...this.weights };
  }

  /** Where the test listener forwards (null: the binding has none). */
  testListener: Colour | null = 'green';

  async pointTestListener(binding: { testListenerArn?: string }, colour: Colour): Promise<void> {
    if (binding.testListenerArn === undefined) return;
    this.testListener = colour;
  }

  async testListenerColour(binding: { testListenerArn?: string }): Promise<Colour | null> {
    return binding.testListenerArn === undefined ? null : this.testListener;
  }

  async targetHealth(_binding: unknown, colour: Colour): Promise<TargetHealth> {
    return this.health[colour];
  }

  onChange(listener: (weights: ListenerWeights) => void): void {
    this.listeners.push(listener);
  }
}

export class MemoryCompute implements Compute {
  readonly deployments: { colour: Colour; version: string; desiredCount: number }[] = [];
  readonly scaledToZero: Colour[] = [];
  /** Polls until a fresh rollout is stable; Infinity = never. */
  stableAfterPolls = 1;
  rolloutFails = false;
  private readonly running: Record<Colour, { version: string | null; desired: number; polls: number }> = {
    blue: { version: '1.0.0', desired: 2, polls: 0 },
    green: { version: null, desired: 0, polls: 0 },
  };

  async deploy(
    _binding: unknown,
    colour: Colour,
    release: { version: string; desiredCount: number },
  ): Promise<void> {
    this.deployments.push({ colour, version: release.version, desiredCount: release.desiredCount });
    this.running[colour] = { version: release.version, desired: release.desiredCount, polls: 0 };
  }

  async status(_binding: unknown, colour: Colour): Promise<ComputeStatus> {
    const current = this.running[colour];
    current.polls += 1;
    const stable = current.polls > this.stableAfterPolls;
    return {
      stable,
      failed: this.rolloutFails,
      desiredCount: current.desired,
      runningCount: stable ? current.desired : 0,
      version: current.version,
      detail: this.rolloutFails
        ? 'tasks keep stopping: essential container exited'
        : stable
          ? 'steady state'
          : 'tasks starting',
    };
  }

  async scaleToZero(_binding: unknown, colour: Colour): Promise<void> {
    this.scaledToZero.push(colour);
    this.running[colour].desired = 0;
  }
}

const healthy: TargetGroupStats = { requests: 1000, errors5xx: 1, p95Ms: 40, unhealthyHostSeries: [0, 0, 0] };

export class MemoryMetrics implements Metrics {
  /** What a colour's target group shows over a window; by default both colours are healthy and alike. */
  statsFor: (colour: Colour, window: TimeWindow) => TargetGroupStats = () => healthy;

  /** What the app of a colour counted over a window; by default what its target group shows. */
  appCountsFor: (colour: Colour, window: TimeWindow) => { requests: number; errors: number } = (
    colour,
    window,
  ) => {
    const stats = this.statsFor(colour, window);
    return { requests: stats.requests, errors: stats.errors5xx };
  };

  async targetGroupStats(_binding: unknown, colour: Colour, window: TimeWindow): Promise<TargetGroupStats> {
    return this.statsFor(colour, window);
  }

  async appCounts(request: AppCountsRequest): Promise<{ requests: number; errors: number }> {
    return this.appCountsFor(request.colour, request.window);
  }
}

export class MemoryAlarms {
  readonly firingNow: Record<Colour, FiringAlarm[]> = { blue: [], green: [] };

  async firing(_binding: unknown, colour: Colour): Promise<readonly FiringAlarm[]> {
    return this.firingNow[colour];
  }
}

export class MemorySmokeTester implements SmokeTester {
  failingPaths = new Set<string>();
  /** What the next trials answer; set per test. */
  trialResult: TrialResult = {
    green: { requests: 600, errors: 0, p95Ms: 25 },
    blue: { requests: 600, errors: 0, p95Ms: 25 },
    seconds: 30,
  };
  readonly trials: PreTrafficTrial[] = [];

  async trial(_binding: unknown, trial: PreTrafficTrial): Promise<TrialResult> {
    this.trials.push(trial);
    return this.trialResult;
  }

  /** Paths that fail through the production listener (the live colour died). */
  failingLivePaths = new Set<string>();

  /** Every request the live probes sent, in order. */
  readonly liveProbed: SmokeRequest[] = [];

  async runLive(_binding: unknown, tests: readonly SmokeTest[]): Promise<readonly SmokeResult[]> {
    return tests.map((test) => {
      const { path, method } = smokeRequestOf(test);
      this.liveProbed.push(smokeRequestOf(test));
      const ok = !this.failingLivePaths.has(path);
      return { path, method, status: ok ? 200 : null, ok, ms: 3, detail: ok ? 'ok' : 'ECONNRESET' };
    });
  }

  async run(_binding: unknown, tests: readonly SmokeTest[]): Promise<readonly SmokeResult[]> {
    return tests.map((test) => {
      const { path, method } = smokeRequestOf(test);
      const ok = !this.failingPaths.has(path);
      const status = ok ? 200 : 503;
      return {
        path,
        method,
        status,
        ok,
        ms: 3,
        detail: `${method} ${path} → ${status}${ok ? '' : ', expected 2xx'}`,
      };
    });
  }
}

export class MemorySnapshots implements DatabaseSnapshots {
  readonly created: { snapshotId: string; tags: Readonly<Record<string, string>> }[] = [];
  availableAfterPolls = 1;
  private readonly polls = new Map<string, number>();

  async createSnapshot(
    _binding: unknown,
    snapshotId: string,
    tags: Readonly<Record<string, string>>,
  ): Promise<void> {
    if (!this.polls.has(snapshotId)) this.created.push({ snapshotId, tags });
    this.polls.set(snapshotId, 0);
  }

  async snapshotStatus(_binding: unknown, snapshotId: string): Promise<SnapshotStatus> {
    const polls = (this.polls.get(snapshotId) ?? 0) + 1;
    this.polls.set(snapshotId, polls);
    const available = polls >= this.availableAfterPolls;
    return {
      snapshotId,
      status: available ? 'available' : 'creating',
      progressPercent: available ? 100 : 50,
      detail: available ? 'available' : 'creating',
    };
  }
}

export class MemoryMigrator implements Migrator {
  readonly runs: { location: string; deploymentId: string }[] = [];
  readonly reverted: string[] = [];
  migrations: AppliedMigration[] = [
    { id: '001_add_orders_note', checksum: 'sha256:0', blueCompatible: true },
  ];

  /** What `check` throws, when set (a location that does not hold migrations). */
  checkFails: string | null = null;

  async check(_binding: unknown, _location: string): Promise<{ readonly migrations: number }> {
    if (this.checkFails) throw new MigrationFailedError(this.checkFails);
    return { migrations: this.migrations.length };
  }

  /** Fail after applying this many (a migration that breaks half-way); null = never fail. */
  failAfter: number | null = null;

  async migrate(_binding: unknown, request: MigrateRequest): Promise<MigrationReport> {
    this.runs.push({ location: request.location, deploymentId: request.deploymentId });
    for (const [index, migration] of this.migrations.entries()) {
      if (this.failAfter === index) {
        throw new MigrationFailedError(
          `${this.migrations[index]?.id} failed: syntax error at or near "ALTR"`,
        );
      }
      await request.onApplied?.(migration);
    }
    return { applied: this.migrations, alreadyApplied: 0 };
  }

  async revert(): Promise<readonly string[]> {
    const ids = this.migrations.map((m) => m.id).reverse();
    this.reverted.push(...ids);
    return ids;
  }
}

export class MemoryNotifier implements Notifier {
  readonly sent: Notification[] = [];
  failing = false;

  async send(notification: Notification): Promise<void> {
    if (this.failing) throw new Error('SNS Publish failed: topic unreachable');
    this.sent.push(notification);
  }
}

/** Lifecycle hooks in memory: every hook passes unless its name is in `failing`; `ran` keeps each run. */
export class MemoryHookRunner implements HookRunner {
  readonly failing = new Set<string>();
  readonly ran: { name: string; context: HookContext }[] = [];

  async run(hook: LifecycleHook, context: HookContext): Promise<HookResult> {
    this.ran.push({ name: hook.name, context });
    const passed = !this.failing.has(hook.name);
    return { name: hook.name, passed, detail: passed ? 'passed' : `hook ${hook.name} failed`, ms: 1 };
  }
}
