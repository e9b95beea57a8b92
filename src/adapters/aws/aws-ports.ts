/**
 * Composes a function's ports from the factories its entry names, and from nothing else, so a
 * bundle carries only the SDK clients its step calls (esbuild drops the factory modules an
 * entry does not import). Each factory checks its environment variables when the function
 * starts, and creates its SDK client and adapter on first use, once.
 *
 *   export const ports = awsPorts(process.env, { store: dynamoDbStore, router: elbv2Router });
 *   export const handler = shiftWeight.bind(ports);
 *
 * A port the entry did not name throws on use, saying which entry lacks which factory.
 * lib/step-capabilities.ts says which ports each step uses; test/adapters/aws/function-entries.test.ts
 * holds every entry to exactly those.
 */
import { ConfigError } from '../../errors.ts';
import { systemClock } from '../../ports/clock.ts';
import type { Ports } from '../../ports/index.ts';
import { type Env, optionalPositiveInt, requiredString } from './env.ts';
import { migrationsUnavailable, migratorNotBound } from './migrations-unavailable.ts';
import { envNames, sdkClientConfig } from './stack-env.ts';

/** Every port but the clock, which is always the system's. */
export type PortName = Exclude<keyof Ports, 'clock'>;

/** What a factory may read when the function starts. */
export interface PortContext {
  readonly env: Env;
  /** The environment this stack deploys (GREENLIGHT_ENVIRONMENT). */
  readonly environment: string;
  /** Adaptive retries and timeouts for every SDK client. */
  readonly clientConfig: ReturnType<typeof sdkClientConfig>;
  /** Another port of the same function (e.g. the store, for the snapshot figures), on first use. */
  port<K extends PortName>(name: K): Ports[K];
  /** One value per key for the whole function, e.g. an SDK client two ports share. */
  shared<T>(key: string, create: () => T): T;
}

/**
 * Checks its variables now (at cold start) and returns how to make the port on first use.
 * @example const elbv2Router: PortFactory<'router'> = (context) => () => new Elbv2TrafficRouter(...)
 */
export type PortFactory<K extends PortName> = (context: PortContext) => () => Ports[K];

export type PortFactories = { readonly [K in PortName]?: PortFactory<K> };

/** The ports an entry was composed with, for the test that holds them to its step's capabilities. */
export const composedPorts: unique symbol = Symbol('greenlight.composedPorts');

export type ComposedPorts = Ports & { readonly [composedPorts]: readonly PortName[] };

const portNames: readonly PortName[] = [
  'config',
  'router',
  'compute',
  'metrics',
  'alarms',
  'smoke',
  'hooks',
  'snapshots',
  'restore',
  'migrator',
  'notifier',
  'callbacks',
  'store',
];

export function awsPorts(env: Env, factories: PortFactories): ComposedPorts {
  const environment = requiredString(
    env,
    envNames.environment,
    'the environment this stack deploys, e.g. production',
  );
  const clientConfig = sdkClientConfig(optionalPositiveInt(env, envNames.awsRequestTimeoutMs, 10_000));
  const sharedValues = new Map<string, unknown>();
  const made = new Map<PortName, unknown>();
  const creators = new Map<PortName, () => unknown>();
  const ports = {} as Record<PortName, unknown>;
  const context: PortContext = {
    env,
    environment,
    clientConfig,
    port: (name) => ports[name] as never,
    shared: (key, create) => {
      if (!sharedValues.has(key)) sharedValues.set(key, create());
      return sharedValues.get(key) as never;
    },
  };
  for (const name of portNames) {
    const factory = factories[name] as PortFactory<PortName> | undefined;
    if (factory) creators.set(name, factory(context));
  }
  for (const name of portNames) {
    Object.defineProperty(ports, name, {
      // Only composed ports are listed, so `{ ...ports }` copies those and makes no other.
      enumerable: creators.has(name),
      get: () => {
        if (!made.has(name)) made.set(name, (creators.get(name) ?? missing(name, env))());
        return made.get(name);
      },
    });
  }
  return Object.assign(ports, { clock: systemClock, [composedPorts]: [...creators.keys()] }) as ComposedPorts;
}

/** A port the entry did not name: the migrator says why migrations are off; any other throws. */
function missing(name: PortName, env: Env): () => unknown {
  if (name === 'migrator')
    return () => (env[envNames.databaseSecrets] ? migratorNotBound : migrationsUnavailable);
  return () => {
    throw new ConfigError(
      `this function was built without the ${name} port: its entry (functions/<step>/index.ts) must pass a ${name} factory from src/adapters/aws/ports/ to awsPorts, and lib/step-capabilities.ts must grant the step what that port calls`,
    );
  };
}
