import type { PutMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { loadBalancerDimension, targetGroupDimension } from '../core/arns.ts';
import type { SqlDatabase } from '../db/engine/sql-database.ts';
import { type Colour, otherColour, weightsFor } from '../ports/colour.ts';
import type { PreTrafficTrial, ServiceBinding } from '../schema/config.ts';
import type { WorldClock } from './clock/world-clock.ts';
import { ensureAppSchema } from './db/app-schema.ts';
import { ensureSchema, type ScopedDatabase, scopeToSchema } from './db/scoped-database.ts';
import { startAppMetrics } from './http/app-metrics.ts';
import { type AppServer, startAppServer } from './http/app-server.ts';
import type { Faults } from './http/faults.ts';
import { type HealthChecker, startHealthChecker } from './http/health-checker.ts';
import { type Router, startRouter } from './http/weighted-router.ts';
import { localServiceBinding, serviceSchema } from './local-binding.ts';
import type { MetricsStore } from './metrics/metrics-store.ts';

/** Seconds between the target group's health checks (an ALB allows 5–300; its default is 30). */
export const healthCheckIntervalSeconds = 10;

/** What one deployed colour runs: its version, or nothing once scaled to zero. */
export interface ColourDeployment {
  readonly version: string;
  readonly scaledToZero: boolean;
}

/** One service of the local world: its two colours, its listener and its database schema. */
export interface ServiceWorld {
  readonly name: string;
  readonly binding: ServiceBinding;
  readonly db: ScopedDatabase;
  readonly servers: Readonly<Record<Colour, AppServer>>;
  readonly router: Router;
  readonly health: HealthChecker;
  /** What each colour runs, as ECS would say; absent for a colour never deployed. */
  readonly deployments: Map<Colour, ColourDeployment>;
  /** True while the colour has tasks (deployed and not scaled to zero). */
  isRegistered(colour: Colour): boolean;
  close(): Promise<void>;
}

export interface ServiceWorldOptions {
  readonly name: string;
  readonly environment: string;
  readonly worldId: string;
  readonly clock: WorldClock;
  /** The world's engine; the service gets a schema of its own in it. */
  readonly engine: SqlDatabase;
  readonly metrics: MetricsStore;
  /** The colour serving at start (blue in a new world; a resumed world's live colour). @default 'blue' */
  readonly liveColour?: Colour;
  /** The version the live colour runs at start, and its faults. */
  readonly liveVersion: string;
  readonly liveFaults: Faults;
  readonly seed: number;
  /** Health checks failed in a row before a target is unhealthy (seed 000 §6.1: 3). */
  readonly unhealthyThreshold: number;
  /** Namespace of the app's high-resolution metrics; none published when absent. */
  readonly highResolutionNamespace?: string;
  /** Overrides of the binding's pre-traffic trial (`{ requests: 0 }` turns it off). */
  readonly trial?: Partial<PreTrafficTrial>;
}

/**
 * Starts one service: the live colour (blue unless resumed) running `liveVersion` behind its
 * target group, the other with no tasks, a listener pair, health checks every 10 s, and, when configured, the app's 10 s
 * metrics. The ALB's own metrics come from the router, per target group with its load balancer.
 */
export async function startServiceWorld(options: ServiceWorldOptions): Promise<ServiceWorld> {
  const { clock, metrics, name } = options;
  const closers: (() => Promise<void> | void)[] = [];
  try {
    const schema = serviceSchema(options.worldId, name);
    await ensureSchema(options.engine, schema);
    const db = scopeToSchema(options.engine, schema);
    await ensureAppSchema(db);
    const live = options.liveColour ?? 'blue';
    const idle = otherColour(live);
    const deployments = new Map<Colour, ColourDeployment>([
      [live, { version: options.liveVersion, scaledToZero: false }],
    ]);
    const isRegistered = (colour: Colour): boolean => {
      const deployment = deployments.get(colour);
      return deployment !== undefined && !deployment.scaledToZero;
    };
    const put = (input: PutMetricDataCommandInput) => metrics.putMetricData(input);
    const server = async (colour: Colour, version: string, faults: Faults, seed: number) => {
      let started: AppServer | undefined;
      const appMetrics = options.highResolutionNamespace
        ? startAppMetrics({
            clock,
            namespace: options.highResolutionNamespace,
            service: name,
            environment: options.environment,
            colour,
            put,
            alive: () => isRegistered(colour) && started?.faults().crash !== true,
          })
        : undefined;
      started = await startAppServer({
        colour,
        version,
        db,
        clock,
        seed,
        faults,
        ...(appMetrics ? { metrics: appMetrics } : {}),
      });
      closers.push(() => started?.close());
      return started;
    };
    const seeds: Record<Colour, number> = { blue: options.seed, green: options.seed + 1 };
    const started = {
      [live]: await server(live, options.liveVersion, options.liveFaults, seeds[live]),
      [idle]: await server(idle, 'none', { crash: true }, seeds[idle]),
    } as Record<Colour, AppServer>;
    const servers = { blue: started.blue, green: started.green };

    let binding: ServiceBinding | undefined;
    const dimensionsOf = (colour: Colour) => {
      const bound = binding as ServiceBinding;
      return {
        loadBalancer: loadBalancerDimension(bound.listener),
        targetGroup: targetGroupDimension(bound.targetGroups[colour]),
      };
    };
    const router = await startRouter({
      targets: { blue: servers.blue.url, green: servers.green.url },
      weights: weightsFor(live, 100),
      clock,
      seed: options.seed,
      onRequest: (request) => {
        if (request.listener !== 'production') return; // smoke tests are not user traffic
        const { kind, status } = request.outcome;
        if (kind === 'client-gone') return;
        metrics.record({
          ...dimensionsOf(request.colour),
          atMs: request.atMs,
          outcome: kind === 'target' ? { status } : kind,
          latencyMs: request.latencyMs,
        });
      },
    });
    closers.push(() => router.close());
    const local = localServiceBinding(name, router);
    binding = { ...local, trial: { ...local.trial, ...options.trial } };

    // A colour with no tasks has no registered targets: neither healthy nor unhealthy.
    let health: HealthChecker | undefined;
    health = startHealthChecker({
      targets: { blue: servers.blue.url, green: servers.green.url },
      path: '/health/ready',
      intervalMs: healthCheckIntervalSeconds * 1000,
      timeoutMs: 5000,
      healthyThreshold: 2,
      unhealthyThreshold: options.unhealthyThreshold,
      // The live colour's targets have served for days, not just registered.
      alreadyHealthy: [live],
      clock,
      onSample: (sample) => {
        const counts = health?.health(sample.colour);
        const registered = isRegistered(sample.colour);
        metrics.recordHealth({
          ...dimensionsOf(sample.colour),
          atMs: sample.atMs,
          healthy: registered ? (counts?.healthy ?? 0) : 0,
          unhealthy: registered ? (counts?.unhealthy ?? 0) : 0,
        });
      },
    });
    closers.push(() => health?.stop());

    return {
      name,
      binding,
      db,
      servers,
      router,
      health,
      deployments,
      isRegistered,
      close: async () => {
        for (const close of closers.reverse()) await close();
      },
    };
  } catch (error) {
    for (const close of closers.reverse()) await Promise.resolve(close()).catch(() => undefined);
    throw error;
  }
}
