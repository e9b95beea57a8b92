import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { minApprovalTimeoutSeconds } from '../../../src/approvals/reminder-schedule.ts';
import { sampleMigrationsDir } from '../../../src/cli/local-migrations.ts';
import { InvalidRequestError, ServiceUnavailableError, ThrottledError } from '../../../src/errors.ts';
import type { Faults } from '../../../src/local-world/http/faults.ts';
import type { ExecutionRecord } from '../../../src/runtime/local-step-functions.ts';
import { alarmEvent } from '../../support/workflow-harness.ts';
import { failWhile, stateOf } from './inject.ts';
import type { ScenarioRun } from './run-scenario.ts';
import type { FaultScenario } from './scenario.ts';

/**
 * The fault matrix: every fault issue 11 lists, each run in the local world under load and
 * judged by the same five invariants (invariants.ts). `defect` names what the scenario caught
 * before its fix.
 */

const deployOne = (run: ScenarioRun) => run.deploy('deploy-1');

/** Starts deploy-1 and waits until it bakes with green at `percent`. */
async function bakingAt(run: ScenarioRun, percent: number) {
  const execution = run.deploy('deploy-1');
  const router = run.world.service().router;
  await run.inState(execution, 'Bake', () => router.currentWeights().green === percent);
  return execution;
}

/** Starts deploy-1 and waits until green is live and blue on standby. */
async function inStandby(run: ScenarioRun) {
  const execution = run.deploy('deploy-1');
  await run.inState(execution, 'Standby');
  return execution;
}

/** Toggles green between `on` and healthy every `everySeconds` while `during()` holds. */
async function flapGreen(run: ScenarioRun, on: Faults, everySeconds: number, during: () => boolean) {
  const green = run.world.service().servers.green;
  const off = Object.fromEntries(Object.keys(on).map((key) => [key, key === 'errorRate' ? 0 : false]));
  let faulty = false;
  while (during()) {
    faulty = !faulty;
    green.setFaults(faulty ? on : off);
    await run.after(everySeconds);
  }
  green.setFaults(off);
}

/**
 * Starts deploy-1 with the router's setWeights failing with `error` while ShiftWeight runs (and
 * `also()` holds, asked only then): AWS refusing or throttling every call of one step.
 */
function shiftWeightFailing(run: ScenarioRun, error: () => Error, also: () => boolean = () => true): void {
  const execution = run.deploy('deploy-1');
  failWhile(
    run.world.ports.router,
    'setWeights',
    error,
    () => stateOf(execution) === 'ShiftWeight' && also(),
  );
}

/** A migrations folder whose first migration applies and whose second fails. */
function halfGoodMigrations(): string {
  const dir = mkdtempSync(join(tmpdir(), 'greenlight-half-good-'));
  writeFileSync(join(dir, '001_orders_add_flag.up.sql'), 'ALTER TABLE orders ADD COLUMN flag text;\n');
  writeFileSync(join(dir, '001_orders_add_flag.down.sql'), 'ALTER TABLE orders DROP COLUMN flag;\n');
  writeFileSync(join(dir, '002_broken.up.sql'), 'ALTER TABLE no_such_table ADD COLUMN x int;\n');
  writeFileSync(join(dir, '002_broken.down.sql'), 'SELECT 1;\n');
  return dir;
}

/** Exactly one of the executions got past Preflight and succeeded; every other was refused at once. */
function onlyOneDeployed(executions: readonly ExecutionRecord[]): string[] {
  const succeeded = executions.filter((e) => e.status === 'SUCCEEDED');
  const refused = executions.filter(
    (e) => e.status === 'FAILED' && e.history.statesEntered().join('>') === 'Preflight>Refused',
  );
  return succeeded.length === 1 && refused.length === executions.length - 1
    ? []
    : [
        `${succeeded.length} succeeded and ${refused.length} were refused at Preflight, of ${executions.length}`,
      ];
}

const withApproval = {
  approvals: { minor: [{ role: 'release-manager', count: 1 }] },
  // The shortest wait a gate allows: its heartbeat must end before its timeout.
  approvalGate: {
    timeoutSeconds: minApprovalTimeoutSeconds,
    onTimeout: 'reject' as const,
    reminderEverySeconds: 300,
  },
};

export const scenarios: readonly FaultScenario[] = [
  // ---- the release itself --------------------------------------------------------------
  { name: 'a healthy release', ends: 'green' },
  { name: 'green errs on 20% of requests', green: { errorRate: 0.2 }, ends: 'blue' },
  { name: 'green errs on 2% of requests', green: { errorRate: 0.02 }, ends: 'blue' },
  { name: 'green is 400 ms slower than blue', green: { latencyMs: 420 }, ends: 'blue' },
  { name: 'green fails every request after 200 s of serving', green: { failAfterMs: 200_000 }, ends: 'blue' },
  {
    name: 'green crashes mid-bake',
    act: async (run) => {
      await bakingAt(run, 50);
      run.world.service().servers.green.setFaults({ crash: true });
    },
    ends: 'blue',
  },
  {
    name: 'green is slow to start, within the wait limit',
    defect:
      "its warm-up's UnHealthyHostCount, published a minute late, rolled the healthy green back in its first bake",
    green: { slowStartMs: 60_000 },
    ends: 'green',
  },
  { name: 'green is slow to start, beyond the wait limit', green: { slowStartMs: 600_000 }, ends: 'blue' },
  { name: 'green is never healthy', green: { neverHealthy: true }, ends: 'blue' },
  {
    name: 'the alarm flaps (green errs 15 s on, 15 s off)',
    act: async (run) => {
      const execution = await bakingAt(run, 10);
      await flapGreen(
        run,
        { errorRate: 1 },
        15,
        () => execution.status === 'RUNNING' && stateOf(execution) === 'Bake',
      );
    },
    ends: 'blue',
  },
  {
    name: "green's health flaps during verify",
    act: async (run) => {
      const execution = await bakingAt(run, 10);
      await flapGreen(
        run,
        { neverHealthy: true },
        40,
        () => execution.status === 'RUNNING' && stateOf(execution) !== 'Standby',
      );
    },
    ends: 'blue',
  },

  // ---- after promotion -----------------------------------------------------------------
  {
    name: 'an alarm during standby (green errs after promotion)',
    act: async (run) => {
      await inStandby(run);
      run.world.service().servers.green.setFaults({ errorRate: 1 });
    },
    ends: 'blue',
  },
  {
    name: 'green crashes during standby',
    act: async (run) => {
      await inStandby(run);
      run.world.service().servers.green.setFaults({ crash: true });
    },
    ends: 'blue',
  },
  {
    name: 'an alarm after the deployment finished',
    afterwards: async (run) => {
      run.world.bus.publish(
        alarmEvent('greenlight.shop.local.green.5xx-rate', 'Threshold Crossed', run.clock.nowMs()) as never,
      );
    },
    ends: 'green',
  },

  // ---- the execution itself --------------------------------------------------------------
  {
    name: 'StopExecution mid-bake at 50%',
    defect: 'left traffic 50/50, the lock held, the record running, nobody told',
    act: async (run) => {
      const execution = await bakingAt(run, 50);
      run.world.sfn.stopExecution({
        executionArn: execution.executionArn,
        error: 'Operator',
        cause: 'by hand',
      });
    },
    ends: 'blue',
  },
  {
    name: 'StopExecution during standby',
    act: async (run) => {
      const execution = await inStandby(run);
      run.world.sfn.stopExecution({
        executionArn: execution.executionArn,
        error: 'Operator',
        cause: 'by hand',
      });
    },
    ends: 'green',
  },
  {
    name: 'the execution times out as a whole, mid-bake',
    defect: 'the local Step Functions never timed an execution out (TimeoutSeconds ignored)',
    executionTimeoutSeconds: 400,
    check: async ({ executions }) =>
      executions[0]?.status === 'TIMED_OUT'
        ? []
        : [`the execution ended ${executions[0]?.status}, not TIMED_OUT`],
    ends: 'blue',
  },
  {
    name: 'Finish cannot write its record',
    defect: 'no Catch on Finish: the lock stayed held and the record running',
    act: async (run) => {
      const store = run.world.ports.store;
      const update = store.updateDeployment.bind(store);
      store.updateDeployment = async (id, patch) => {
        if (patch.status === 'succeeded') throw new ServiceUnavailableError('DynamoDB: InternalServerError');
        return update(id, patch);
      };
      await deployOne(run);
    },
    ends: 'green',
  },

  // ---- the lock ----------------------------------------------------------------------------
  {
    name: 'a second deployment during a standby longer than the old 600 s stale time',
    defect: 'the lock went stale; the second deployment made blue live, the first then scaled it to zero',
    config: { standbySeconds: 900 },
    act: async (run) => {
      await inStandby(run);
      await run.after(700);
      run.deploy('deploy-2', { request: { version: '1.2.0', image: 'local/shop:1.2.0' } });
    },
    check: async ({ executions, world }) => [
      ...onlyOneDeployed(executions),
      ...(world.service().deployments.get('green')?.scaledToZero
        ? ['green, the live colour, was scaled to zero']
        : []),
    ],
    ends: 'green',
  },
  {
    name: 'a redelivered request: one deployment id, two executions',
    defect: 'the lock accepted the same owner again: both executions deployed',
    act: async (run) => {
      run.deploy('delivery-1', { request: { deploymentId: 'release-42' } });
      run.deploy('delivery-2', { request: { deploymentId: 'release-42' } });
    },
    check: async ({ executions }) => onlyOneDeployed(executions),
    ends: 'green',
  },
  {
    name: 'the same service deployed twice at once',
    act: async (run) => {
      run.deploy('deploy-1');
      run.deploy('deploy-2');
    },
    check: async ({ executions }) => onlyOneDeployed(executions),
    ends: 'green',
  },
  {
    name: '20 simultaneous starts of one service',
    act: async (run) => {
      for (let i = 1; i <= 20; i++) run.deploy(`start-${i}`);
    },
    check: async ({ executions }) => onlyOneDeployed(executions),
    ends: 'green',
  },
  {
    name: '20 different services at once',
    services: Array.from({ length: 20 }, (_, i) => `svc-${String(i + 1).padStart(2, '0')}`),
    // One request a world second each: judged at 50% first, on at least 5 requests.
    config: {
      trafficPlan: [
        { weightPercent: 50, bakeSeconds: 180 },
        { weightPercent: 100, bakeSeconds: 180 },
      ],
      verify: { minRequests: 5 },
    },
    act: async (run) => {
      for (const service of run.world.services.keys()) run.deploy(`deploy-${service}`, { service });
    },
    ends: 'green',
  },

  // ---- people --------------------------------------------------------------------------------
  { name: 'an approval nobody answers', config: withApproval, ends: 'blue' },
  {
    name: 'the approval reminder is dead (no heartbeats)',
    config: withApproval,
    act: async (run) => {
      run.world.stopSchedules();
      await deployOne(run);
    },
    ends: 'blue',
  },
  {
    name: 'a restore approval nobody answers',
    config: {
      rollback: {
        database: 'restore-with-approval',
        restoreApprovalTimeoutSeconds: 600,
        restoreMaxWaitSeconds: 600,
      },
    },
    green: { errorRate: 0.2 },
    ends: 'blue',
  },

  // ---- AWS and the network -------------------------------------------------------------------
  {
    name: 'ShiftWeight throttled twice, then through',
    act: async (run) => {
      let calls = 0;
      shiftWeightFailing(
        run,
        () => new ThrottledError('ELB: Rate exceeded'),
        () => ++calls <= 2,
      );
    },
    ends: 'green',
  },
  {
    name: 'ShiftWeight throttled on every call',
    act: async (run) => {
      shiftWeightFailing(run, () => new ThrottledError('ELB: Rate exceeded'));
    },
    ends: 'blue',
  },
  {
    name: 'the router refuses a weight change',
    act: async (run) => {
      shiftWeightFailing(
        run,
        () => new InvalidRequestError('ELB: ValidationError: target group is not attached to the listener'),
      );
    },
    ends: 'blue',
  },
  {
    name: 'the database is unavailable during backup',
    defect: "the twin's blue started 'initial', so an early rollback found it unjudged and kept the lock",
    act: async (run) => {
      failWhile(
        run.world.ports.snapshots,
        'createSnapshot',
        () => new ServiceUnavailableError('RDS: connection refused'),
      );
      await deployOne(run);
    },
    ends: 'blue',
  },
  {
    name: 'the database is unavailable during migration',
    act: async (run) => {
      failWhile(run.world.ports.migrator, 'migrate', () => new Error('connect ECONNREFUSED 127.0.0.1:5432'));
      run.deploy('deploy-1', { request: { migrations: { location: sampleMigrationsDir } } });
    },
    ends: 'blue',
  },
  {
    name: 'a migration fails halfway (001 applies, 002 fails), down-scripts policy',
    defect: 'rollback said "no migrations were applied" and left 001 in place',
    config: { rollback: { database: 'down-scripts' } },
    act: async (run) => {
      run.deploy('deploy-1', { request: { migrations: { location: halfGoodMigrations() } } });
    },
    check: async ({ world }) => {
      const columns = await world
        .service()
        .db.query<{ column_name: string }>(
          "SELECT column_name FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'flag'",
        );
      return columns.rows.length === 0 ? [] : ['001 was not reverted: orders.flag is still there'];
    },
    ends: 'blue',
  },
  {
    name: 'the deployment topics are down for the whole deployment',
    defect: 'the rollback page was lost without a trace',
    green: { errorRate: 0.2 },
    act: async (run) => {
      failWhile(run.world.ports.outbox, 'send', () => new ServiceUnavailableError('SNS: Publish timed out'));
      await deployOne(run);
    },
    check: async ({ world }) => {
      const paged = world.ports.pager.sent.filter((n) => n.severity === 'critical').map((n) => n.subject);
      return paged.some((subject) => subject.startsWith('[via pager fallback]'))
        ? []
        : [`the rollback page did not reach the pager topic (pager got ${JSON.stringify(paged)})`];
    },
    ends: 'blue',
  },
  {
    name: 'the deployment topics and the pager topic are both down',
    defect: 'the rollback page was lost without a trace',
    green: { errorRate: 0.2 },
    act: async (run) => {
      for (const topic of [run.world.ports.outbox, run.world.ports.pager])
        failWhile(topic, 'send', () => new ServiceUnavailableError('SNS: Publish timed out'));
      await deployOne(run);
    },
    ends: 'blue',
  },
  {
    name: 'blue dies as the rollback starts, and green is bad',
    defect: 'rollback moved 100% onto the dead blue, then said "Stable"',
    act: async (run) => {
      await bakingAt(run, 10);
      const { servers } = run.world.service();
      servers.green.setFaults({ errorRate: 1 });
      servers.blue.setFaults({ crash: true });
    },
    ends: 'no colour serves',
  },
  {
    name: "RDS's and ECS's events never arrive (their delivery is best-effort)",
    defect: 'new with the event-driven waits: a lost event must not strand AwaitBackup or AwaitGreen',
    act: async (run) => {
      run.world.bus.deleteRule('greenlight-snapshot-events');
      run.world.bus.deleteRule('greenlight-rollout-events');
      await deployOne(run);
    },
    check: async ({ world }) => {
      const audit = await world.ports.store.listAudit('deploy-1');
      const stable = audit.find((event) => event.type === 'green.stable');
      const by = String(stable?.detail.by);
      return by === 'the fallback sweep' || by === 'the last check'
        ? []
        : [
            `green.stable should come from the sweep or the last check with no ECS events, but came from ${by}`,
          ];
    },
    ends: 'green',
  },
];
