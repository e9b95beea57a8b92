/**
 * The ALB listener of the local world: a production listener that forwards by weight and a
 * test listener that always forwards to one colour, both real HTTP servers on 127.0.0.1.
 *
 * Draining is real: a weight change only affects requests that arrive after it; requests
 * already forwarded to a colour finish normally, and `drained(colour)` says when they have.
 */
import { Agent, createServer, type Server } from 'node:http';
import type { Colour } from '../../ports/colour.ts';
import { type WorldClock, workHeader } from '../clock/world-clock.ts';
import { keyedUniform } from './keyed-random.ts';
import { requestIdHeader } from './load-generator.ts';
import { type ProxyOutcome, proxyRequest } from './proxy-request.ts';
import { type RouterWeights, smoothRoundRobin, type TargetPicker, validateWeights } from './weights.ts';

/** One request the router handled, for the metrics store. */
export interface RoutedRequest {
  readonly listener: 'production' | 'test';
  readonly colour: Colour;
  /** What came of it: the target's answer, or the router's own 502/504/499. */
  readonly outcome: ProxyOutcome;
  /** World ms from arrival to the end of the response. */
  readonly latencyMs: number;
  /** When the request arrived, world time. */
  readonly atMs: number;
}

/** Options for {@link startRouter}. */
export interface RouterOptions {
  /** Base URL of each colour's target, e.g. an AppServer's `url`. */
  readonly targets: { readonly blue: string; readonly green: string };
  readonly clock: WorldClock;
  /** @default { blue: 100, green: 0 } (all traffic on blue) */
  readonly weights?: RouterWeights;
  /** Where the test listener forwards. @default 'green' */
  readonly testListenerColour?: Colour;
  /** Called once per finished request, on either listener. */
  readonly onRequest?: (request: RoutedRequest) => void;
  /**
   * A request that names itself (`x-request-id`) goes where a draw from this seed and its id
   * says, like an ALB's independent choices, and the same every run. Others take smooth
   * weighted round-robin. @default 1
   */
  readonly seed?: number;
  /** World ms without a response before the router answers 504. @default 10000 */
  readonly proxyTimeoutMs?: number;
}

/** A running router. */
export interface Router {
  readonly productionUrl: string;
  readonly testUrl: string;
  /** Validates and applies new weights at once (in-flight requests are not moved). */
  setWeights(weights: RouterWeights): Promise<void>;
  readWeights(): Promise<RouterWeights>;
  /** The weights now, for observers that must not wait (progress, scenario triggers). */
  currentWeights(): RouterWeights;
  setTestListenerColour(colour: Colour): void;
  testListenerColour(): Colour;
  /** Requests forwarded to each colour that have not finished yet. */
  inFlight(): { blue: number; green: number };
  /** Resolves once no request to `colour` is in flight (at once when none is). */
  drained(colour: Colour): Promise<void>;
  close(): Promise<void>;
}

/** Starts the production and test listeners on ephemeral ports. */
export async function startRouter(options: RouterOptions): Promise<Router> {
  const { clock } = options;
  let weights: RouterWeights = { ...(options.weights ?? { blue: 100, green: 0 }) };
  validateWeights(weights);
  const targets = { blue: new URL(options.targets.blue), green: new URL(options.targets.green) };
  const timeoutMs = options.proxyTimeoutMs ?? 10_000;
  const seed = options.seed ?? 1;
  let roundRobin: TargetPicker = smoothRoundRobin(weights);
  const pick = (requestId: string | undefined): Colour => {
    if (requestId === undefined) return roundRobin();
    const greenShare = weights.green / (weights.blue + weights.green);
    return keyedUniform(seed, requestId, 3) < greenShare ? 'green' : 'blue';
  };
  let testColour: Colour = options.testListenerColour ?? 'green';
  const inFlight = { blue: 0, green: 0 };
  const drainWaiters = { blue: [] as (() => void)[], green: [] as (() => void)[] };
  const agent = new Agent({ keepAlive: true, maxSockets: 1024 });

  const listener = (
    name: RoutedRequest['listener'],
    choose: (requestId: string | undefined) => Colour,
  ): Server =>
    createServer((request, response) => {
      const unit = clock.joinWork(request.headers[workHeader] as string | undefined, `${name} listener`);
      const requestId = request.headers[requestIdHeader];
      const colour = choose(typeof requestId === 'string' ? requestId : undefined);
      const atMs = clock.nowMs();
      inFlight[colour] += 1;
      void proxyRequest(request, response, {
        targetUrl: targets[colour],
        agent,
        timeoutMs,
        armTimeout: (ms, onTimeout) => clock.setTimeout(ms, onTimeout),
        errorHeaders: { 'x-colour': colour, 'x-router-error': 'true' },
        // The target joins this exchange's unit: a client outside the world has none to pass on.
        forwardHeaders: { [workHeader]: unit.id },
      }).then((outcome) => {
        inFlight[colour] -= 1;
        if (inFlight[colour] === 0) for (const wake of drainWaiters[colour].splice(0)) wake();
        options.onRequest?.({ listener: name, colour, outcome, latencyMs: clock.nowMs() - atMs, atMs });
        unit.end();
      });
    });

  const production = listener('production', pick);
  const test = listener('test', () => testColour);
  const [productionPort, testPort] = await Promise.all([listen(production), listen(test)]);

  return {
    productionUrl: `http://127.0.0.1:${productionPort}`,
    testUrl: `http://127.0.0.1:${testPort}`,
    async setWeights(next) {
      validateWeights(next);
      weights = { blue: next.blue, green: next.green };
      roundRobin = smoothRoundRobin(weights);
    },
    readWeights: async () => ({ ...weights }),
    currentWeights: () => ({ ...weights }),
    setTestListenerColour(colour) {
      testColour = colour;
    },
    testListenerColour: () => testColour,
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
