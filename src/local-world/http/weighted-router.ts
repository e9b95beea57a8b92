/**
 * The ALB listener of the local world: a production listener that forwards by weight and a
 * test listener that always forwards to one colour, both real HTTP servers on 127.0.0.1.
 *
 * Draining is real: a weight change only affects requests that arrive after it; requests
 * already forwarded to a colour finish normally, and `drained(colour)` says when they have.
 */
import { Agent, createServer, type Server } from 'node:http';
import type { Clock } from '../../ports/clock.ts';
import { systemClock } from '../../ports/clock.ts';
import type { Colour } from '../../ports/colour.ts';
import { proxyRequest } from './proxy-request.ts';
import { seededRandom } from './seeded-random.ts';
import {
  type RouterWeights,
  smoothRoundRobin,
  type TargetPicker,
  validateWeights,
  weightedRandom,
} from './weights.ts';

/** One request the router handled, for the metrics store. */
export interface RoutedRequest {
  readonly listener: 'production' | 'test';
  readonly colour: Colour;
  /** The status the client got: the target's, or 502 (unreachable) / 504 (timeout) / 499 (client left). */
  readonly status: number;
  readonly latencyMs: number;
  /** When the request arrived, by the router's clock. */
  readonly atMs: number;
  readonly error?: string;
}

/** Options for {@link startRouter}. */
export interface RouterOptions {
  /** Base URL of each colour's target, e.g. an AppServer's `url`. */
  readonly targets: { readonly blue: string; readonly green: string };
  /** @default { blue: 100, green: 0 } (all traffic on blue) */
  readonly weights?: RouterWeights;
  /** Where the test listener forwards. @default 'green' */
  readonly testListenerColour?: Colour;
  /** Called once per finished request, on either listener. */
  readonly onRequest?: (request: RoutedRequest) => void;
  /**
   * With a seed, targets are drawn at random from it (like a real ALB, repeatable). Without,
   * smooth weighted round-robin: exact shares, fully deterministic.
   * @default - smooth weighted round-robin
   */
  readonly seed?: number;
  /** Time without a response before the router answers 504. @default 10000 */
  readonly proxyTimeoutMs?: number;
  /** Stamps `atMs`. @default systemClock */
  readonly clock?: Clock;
}

/** A running router. */
export interface Router {
  readonly productionUrl: string;
  readonly testUrl: string;
  /** Validates and applies new weights at once (in-flight requests are not moved). */
  setWeights(weights: RouterWeights): Promise<void>;
  readWeights(): Promise<RouterWeights>;
  setTestListenerColour(colour: Colour): void;
  /** Requests forwarded to each colour that have not finished yet. */
  inFlight(): { blue: number; green: number };
  /** Resolves once no request to `colour` is in flight (at once when none is). */
  drained(colour: Colour): Promise<void>;
  close(): Promise<void>;
}

/** Starts the production and test listeners on ephemeral ports. */
export async function startRouter(options: RouterOptions): Promise<Router> {
  let weights: RouterWeights = { ...(options.weights ?? { blue: 100, green: 0 }) };
  validateWeights(weights);
  const targets = { blue: new URL(options.targets.blue), green: new URL(options.targets.green) };
  const clock = options.clock ?? systemClock;
  const timeoutMs = options.proxyTimeoutMs ?? 10_000;
  const random = options.seed === undefined ? undefined : seededRandom(options.seed);
  const pickerFor = (w: RouterWeights): TargetPicker =>
    random ? weightedRandom(w, random) : smoothRoundRobin(w);
  let pick = pickerFor(weights);
  let testColour: Colour = options.testListenerColour ?? 'green';
  const inFlight = { blue: 0, green: 0 };
  const drainWaiters = { blue: [] as (() => void)[], green: [] as (() => void)[] };
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });

  const listener = (name: RoutedRequest['listener'], choose: () => Colour): Server =>
    createServer((request, response) => {
      const colour = choose();
      const atMs = clock.nowMs();
      const startedAt = performance.now();
      inFlight[colour] += 1;
      void proxyRequest(request, response, {
        targetUrl: targets[colour],
        agent,
        timeoutMs,
        errorHeaders: { 'x-colour': colour, 'x-router-error': 'true' },
      }).then((outcome) => {
        inFlight[colour] -= 1;
        if (inFlight[colour] === 0) for (const wake of drainWaiters[colour].splice(0)) wake();
        options.onRequest?.({
          listener: name,
          colour,
          status: outcome.status,
          latencyMs: performance.now() - startedAt,
          atMs,
          ...(outcome.error ? { error: outcome.error } : {}),
        });
      });
    });

  const production = listener('production', () => pick());
  const test = listener('test', () => testColour);
  const [productionPort, testPort] = await Promise.all([listen(production), listen(test)]);

  return {
    productionUrl: `http://127.0.0.1:${productionPort}`,
    testUrl: `http://127.0.0.1:${testPort}`,
    async setWeights(next) {
      validateWeights(next);
      weights = { blue: next.blue, green: next.green };
      pick = pickerFor(weights);
    },
    readWeights: async () => ({ ...weights }),
    setTestListenerColour(colour) {
      testColour = colour;
    },
    inFlight: () => ({ ...inFlight }),
    drained: (colour) =>
      inFlight[colour] === 0
        ? Promise.resolve()
        : new Promise((resolve) => drainWaiters[colour].push(resolve)),
    async close() {
      await Promise.all([closeServer(production), closeServer(test)]);
      agent.destroy();
    },
  };
}

function listen(server: Server): Promise<number> {
  // Longer than the load generator's idle sockets: no reuse of a socket being closed.
  server.keepAliveTimeout = 30_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string')
        reject(new Error('router listener has no TCP address'));
      else resolve(address.port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
