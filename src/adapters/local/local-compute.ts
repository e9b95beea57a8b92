import type { Faults } from '../../local-world/http/faults.ts';
import type { Colour } from '../../ports/colour.ts';
import type { Compute, ComputeStatus } from '../../ports/compute.ts';
import type { ServiceBinding } from '../../schema/config.ts';
import type { ServiceRegistry } from './service-registry.ts';

/** What a release does when it runs: the scenario's faults, by service and version. */
export type ReleaseBehaviour = (release: { service: string; version: string; colour: Colour }) => Faults;

/** Scaled to zero: nothing answers (like an ECS service with no tasks behind its target group). */
const noTasks: Faults = { crash: true };

/**
 * The Compute port over the local app servers. A deploy puts the new version on the colour
 * (with the faults that release has); DeployGreen points the test listener at it through the
 * router, as on AWS. It is stable once the
 * server answers /health/ready with that version over real HTTP and its target group's health
 * checks pass, as ECS waits for with a load balancer attached.
 */
export class LocalCompute implements Compute {
  constructor(
    private readonly services: ServiceRegistry,
    private readonly behaviour: ReleaseBehaviour,
    /** The world's fetch: tracked as work. */
    private readonly fetch: typeof globalThis.fetch,
    /** Ends a probe after `ms` of world time. */
    private readonly timeoutSignal: (ms: number) => AbortSignal,
  ) {}

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
