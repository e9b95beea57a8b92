import type { AppServer } from '../../local-world/http/app-server.ts';
import type { Faults } from '../../local-world/http/faults.ts';
import type { Router } from '../../local-world/http/weighted-router.ts';
import type { Colour } from '../../ports/colour.ts';
import type { Compute, ComputeStatus } from '../../ports/compute.ts';
import type { ServiceBinding } from '../../schema/config.ts';

/** What a release does when it runs: the scenario's faults, by version. */
export type ReleaseBehaviour = (version: string, colour: Colour) => Faults;

/** Scaled to zero: nothing answers (like an ECS service with no tasks behind its target group). */
const noTasks: Faults = { crash: true };

/**
 * The Compute port over the two local app servers. A deploy puts the new version on the colour
 * (with the faults that release has), points the test listener at it, and is stable once the
 * server answers /health/ready with that version over real HTTP and its target group's health
 * checks pass, as ECS waits for with a load balancer attached.
 */
export class LocalCompute implements Compute {
  private readonly rolledOut = new Map<Colour, { version: string; scaledToZero: boolean }>();

  constructor(
    private readonly servers: Readonly<Record<Colour, AppServer>>,
    private readonly router: Router,
    private readonly behaviour: ReleaseBehaviour,
    /** Target-group health of a colour: ECS only calls a service steady once its targets pass the load balancer's checks. */
    private readonly targetsHealthy: (colour: Colour) => boolean,
  ) {}

  /** Registers what already runs (the live colour at start-up). */
  markRunning(colour: Colour, version: string): void {
    this.rolledOut.set(colour, { version, scaledToZero: false });
  }

  /** True while the colour has tasks (deployed and not scaled to zero). */
  isRegistered(colour: Colour): boolean {
    const current = this.rolledOut.get(colour);
    return current !== undefined && !current.scaledToZero;
  }

  async deploy(_binding: ServiceBinding, colour: Colour, release: { version: string }): Promise<void> {
    const server = this.servers[colour];
    server.setVersion(release.version);
    server.setFaults({
      crash: false,
      neverHealthy: false,
      errorRate: 0,
      latencyMs: 0,
      ...this.behaviour(release.version, colour),
    });
    this.router.setTestListenerColour(colour);
    this.rolledOut.set(colour, { version: release.version, scaledToZero: false });
  }

  async status(_binding: ServiceBinding, colour: Colour): Promise<ComputeStatus> {
    const current = this.rolledOut.get(colour);
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
    const ready = await this.probe(this.servers[colour].url);
    const stable = ready.ok && ready.version === current.version && this.targetsHealthy(colour);
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

  async scaleToZero(_binding: ServiceBinding, colour: Colour): Promise<void> {
    this.servers[colour].setFaults(noTasks);
    const current = this.rolledOut.get(colour);
    if (current) this.rolledOut.set(colour, { ...current, scaledToZero: true });
  }

  private async probe(baseUrl: string): Promise<{ ok: boolean; version: string | null; detail: string }> {
    try {
      const response = await fetch(new URL('/health/ready', baseUrl), { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      return { ok: response.ok, version: response.headers.get('x-version'), detail: String(response.status) };
    } catch (error) {
      return { ok: false, version: null, detail: (error as Error).message };
    }
  }
}
