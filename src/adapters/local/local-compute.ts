import type { WorldClock } from '../../local-world/clock/world-clock.ts';
import { type EventSink, rolloutCompletedEvent } from '../../local-world/events/service-events.ts';
import type { Faults } from '../../local-world/http/faults.ts';
import type { Colour } from '../../ports/colour.ts';
import type { Compute, ComputeStatus } from '../../ports/compute.ts';
import type { ServiceBinding } from '../../schema/config.ts';
import type { ServiceRegistry } from './service-registry.ts';

/** What a release does when it runs: the scenario's faults, by service and version. */
export type ReleaseBehaviour = (release: { service: string; version: string; colour: Colour }) => Faults;

/** Scaled to zero: nothing answers (like an ECS service with no tasks behind its target group). */
const noTasks: Faults = { crash: true };

/** How the local ECS tells of a rollout that reached steady state, as ECS does on AWS. */
export interface LocalRolloutEvents {
  readonly clock: WorldClock;
  /** World ms between the local ECS's own checks of a rollout (ECS watches its deployments itself). */
  readonly checkEveryMs: number;
  /** Where `ECS Deployment State Change` events go: the world's event bus. */
  readonly publish: EventSink;
  readonly account: string;
  readonly region: string;
}

/**
 * The Compute port over the local app servers. A deploy puts the new version on the colour
 * (with the faults that release has); DeployGreen points the test listener at it through the
 * router, as on AWS. It is stable once the
 * server answers /health/ready with that version over real HTTP and its target group's health
 * checks pass, as ECS waits for with a load balancer attached. With `events`, it publishes
 * SERVICE_DEPLOYMENT_COMPLETED when a rollout gets there, as ECS does.
 */
export class LocalCompute implements Compute {
  constructor(
    private readonly services: ServiceRegistry,
    private readonly behaviour: ReleaseBehaviour,
    /** The world's fetch: tracked as work. */
    private readonly fetch: typeof globalThis.fetch,
    /** Ends a probe after `ms` of world time. */
    private readonly timeoutSignal: (ms: number) => AbortSignal,
    private readonly events?: LocalRolloutEvents,
  ) {}

  /** The rollout each ECS service (by ARN) is watched for, and how to stop watching it. */
  private readonly watching = new Map<string, () => void>();
  private rollouts = 0;

  async deploy(binding: ServiceBinding, colour: Colour, release: { version: string }): Promise<void> {
    const service = this.services(binding);
    const server = service.servers[colour];
    server.setVersion(release.version);
    server.setFaults({
      crash: false,
      neverHealthy: false,
      errorRate: 0,
      latencyMs: 0,
      ...this.behaviour({ service: service.name, version: release.version, colour }),
    });
    // New tasks register with the target group as new targets, judged from scratch.
    service.health.reset(colour);
    service.deployments.set(colour, { version: release.version, scaledToZero: false });
    this.watchRollout(binding, colour, release.version);
  }

  /**
   * Checks the rollout on the world clock until it is steady at `version`, then publishes
   * ECS's event. A background timer, as ECS's own work is: it never keeps the world going.
   */
  private watchRollout(binding: ServiceBinding, colour: Colour, version: string): void {
    const events = this.events;
    if (!events) return;
    const serviceArn = binding.compute[colour];
    this.watching.get(serviceArn)?.();
    this.rollouts += 1;
    const deploymentId = `ecs-svc/${this.rollouts}`;
    let checking = false;
    const stop = events.clock.setInterval(
      events.checkEveryMs,
      async () => {
        if (checking) return;
        checking = true;
        try {
          const status = await this.status(binding, colour);
          if (!status.stable || status.version !== version || this.watching.get(serviceArn) !== stop) return;
          stop();
          this.watching.delete(serviceArn);
          const origin = {
            account: events.account,
            region: events.region,
            atMs: events.clock.nowMs(),
            id: `ecs-deployment-${deploymentId}`,
          };
          events.publish(rolloutCompletedEvent(origin, serviceArn, deploymentId));
        } finally {
          checking = false;
        }
      },
      { background: true },
    );
    this.watching.set(serviceArn, stop);
  }

  async status(binding: ServiceBinding, colour: Colour): Promise<ComputeStatus> {
    const service = this.services(binding);
    const current = service.deployments.get(colour);
    if (!current || current.scaledToZero) {
      return {
        stable: true,
        failed: false,
        desiredCount: 0,
        runningCount: 0,
        version: current?.version ?? null,
        detail: 'no tasks',
      };
    }
    const ready = await this.probe(service.servers[colour].url);
    const health = service.health.health(colour);
    const targetsHealthy = health.healthy > 0 && health.unhealthy === 0 && health.initial === 0;
    const stable = ready.ok && ready.version === current.version && targetsHealthy;
    return {
      stable,
      failed: false,
      desiredCount: 1,
      runningCount: stable ? 1 : 0,
      version: current.version,
      detail: stable
        ? 'steady state: 1/1 ready and healthy in its target group'
        : `not steady: /health/ready → ${ready.detail}${ready.ok ? ', target group health checks not passed yet' : ''}`,
    };
  }

  async scaleToZero(binding: ServiceBinding, colour: Colour): Promise<void> {
    this.watching.get(binding.compute[colour])?.();
    this.watching.delete(binding.compute[colour]);
    const service = this.services(binding);
    service.servers[colour].setFaults(noTasks);
    const current = service.deployments.get(colour);
    if (current) service.deployments.set(colour, { ...current, scaledToZero: true });
  }

  private async probe(baseUrl: string): Promise<{ ok: boolean; version: string | null; detail: string }> {
    try {
      const response = await this.fetch(new URL('/health/ready', baseUrl), {
        signal: this.timeoutSignal(2000),
      });
      return { ok: response.ok, version: response.headers.get('x-version'), detail: String(response.status) };
    } catch (error) {
      return { ok: false, version: null, detail: (error as Error).message };
    }
  }
}
