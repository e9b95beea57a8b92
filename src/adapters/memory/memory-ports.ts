import { ConfigError } from '../../errors.ts';
import type { Clock } from '../../ports/clock.ts';
import type { ConfigSource } from '../../ports/config-source.ts';
import type { Ports } from '../../ports/index.ts';
import type { WorkflowCallbacks } from '../../ports/workflow-callbacks.ts';
import { parseEnvironmentConfig } from '../../schema/parse-config.ts';
import {
  MemoryAlarms,
  MemoryCompute,
  MemoryHookRunner,
  MemoryMetrics,
  MemoryMigrator,
  MemoryNotifier,
  MemoryRouter,
  MemorySmokeTester,
  MemorySnapshots,
} from './memory-infrastructure.ts';
import { MemoryRestore } from './memory-restore.ts';
import { MemoryStore } from './memory-store.ts';

/** A config source over in-memory raw configs, validated on every load like the real one. */
export function staticConfigSource(configs: Readonly<Record<string, unknown>>): ConfigSource {
  return {
    async load(environment) {
      const raw = configs[environment];
      if (raw === undefined) {
        throw new ConfigError(
          `no config for environment "${environment}" (known: ${Object.keys(configs).join(', ') || 'none'})`,
        );
      }
      return parseEnvironmentConfig(raw, `environment ${environment}`);
    },
  };
}

export interface MemoryPorts extends Ports {
  readonly router: MemoryRouter;
  readonly compute: MemoryCompute;
  readonly metrics: MemoryMetrics;
  readonly alarms: MemoryAlarms;
  readonly smoke: MemorySmokeTester;
  readonly hooks: MemoryHookRunner;
  readonly snapshots: MemorySnapshots;
  readonly restore: MemoryRestore;
  readonly migrator: MemoryMigrator;
  readonly notifier: MemoryNotifier;
  readonly store: MemoryStore;
}

/** Every port in memory, for the workflow tests. */
export function createMemoryPorts(options: {
  configs: Readonly<Record<string, unknown>>;
  clock: Clock;
  callbacks: WorkflowCallbacks;
}): MemoryPorts {
  return {
    clock: options.clock,
    config: staticConfigSource(options.configs),
    router: new MemoryRouter(),
    compute: new MemoryCompute(),
    metrics: new MemoryMetrics(),
    alarms: new MemoryAlarms(),
    smoke: new MemorySmokeTester(),
    hooks: new MemoryHookRunner(),
    snapshots: new MemorySnapshots(),
    restore: new MemoryRestore(),
    migrator: new MemoryMigrator(),
    notifier: new MemoryNotifier(),
    callbacks: options.callbacks,
    store: new MemoryStore(),
  };
}
