/**
 * The demo application: a real node:http server playing one colour (one ECS service behind
 * one target group). It writes orders to PostgreSQL and can be told to misbehave.
 *
 * Every response, errors included, carries `x-colour` and `x-version`, so the load generator
 * can attribute each outcome. Injected 5xx are real 500 responses; injected latency is a real
 * wait on the world clock. What happens to a request is drawn from the seed and the request's
 * id, so it does not depend on the order concurrent requests arrive in.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { SqlDatabase } from '../../db/engine/sql-database.ts';
import type { Colour } from '../../ports/colour.ts';
import { type WorkUnit, type WorldClock, workHeader } from '../clock/world-clock.ts';
import { ensureAppSchema, findOrder, insertOrder } from '../db/app-schema.ts';
import type { AppMetrics } from './app-metrics.ts';
import {
  type Faults,
  type HealthEndpoint,
  healthFailure,
  requestLatencyMs,
  shouldFailRequest,
  validateFaults,
} from './faults.ts';
import { readJsonBody, sendJson } from './http-json.ts';
import { keyedUniform } from './keyed-random.ts';
import { requestIdHeader } from './load-generator.ts';

/** Options for {@link startAppServer}. */
export interface AppServerOptions {
  readonly colour: Colour;
  readonly version: string;
  /** Where orders are written; the `orders` table is created if missing. */
  readonly db: SqlDatabase;
  readonly clock: WorldClock;
  /** @default - no faults */
  readonly faults?: Faults;
  /** Seed of the per-request draws (errors, latency). @default 1 */
  readonly seed?: number;
  /** The high-resolution metrics agent of this task. @default - none */
  readonly metrics?: AppMetrics;
}

/** Counters since start. */
export interface AppServerStats {
  readonly requests: number;
  readonly healthRequests: number;
  readonly appRequests: number;
  /** Responses with status >= 500 (injected or not). */
  readonly serverErrors: number;
  readonly ordersCreated: number;
  readonly inFlight: number;
}

/** A running app server. */
export interface AppServer {
  /** Base URL, e.g. `http://127.0.0.1:43121`. */
  readonly url: string;
  readonly port: number;
  readonly colour: Colour;
  /** Merges `faults` into the current ones (`{ crash: false }` brings a crashed server back). */
  setFaults(faults: Partial<Faults>): void;
  faults(): Faults;
  /** Changes the version it reports (a new deployment on this colour); uptime starts again. */
  setVersion(version: string): void;
  stats(): AppServerStats;
  close(): Promise<void>;
}

const HEALTH_ENDPOINTS = new Set<string>(['/health', '/health/ready', '/health/live', '/health/db']);

/** Starts an app server on 127.0.0.1 with an ephemeral port. */
export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const { colour, db, clock } = options;
  const seed = options.seed ?? 1;
  let faults: Faults = { ...options.faults };
  validateFaults(faults);
  let version = options.version;
  let startedAtMs = clock.nowMs();
  let unnamed = 0;
  const sockets = new Set<Socket>();
  const counts = {
    requests: 0,
    healthRequests: 0,
    appRequests: 0,
    serverErrors: 0,
    ordersCreated: 0,
    inFlight: 0,
  };

  await ensureAppSchema(db);

  const reply = (response: ServerResponse, status: number, body: unknown) => {
    if (status >= 500) counts.serverErrors += 1;
    sendJson(response, status, body, { 'x-colour': colour, 'x-version': version });
  };

  const handleHealth = async (endpoint: HealthEndpoint, response: ServerResponse) => {
    counts.healthRequests += 1;
    let reason = healthFailure(faults, endpoint, clock.nowMs() - startedAtMs);
    if (!reason && endpoint === '/health/db') {
      reason = await db.query('SELECT 1').then(
        () => undefined,
        (error: Error) => `database unreachable: ${error.message}`,
      );
    }
    const body = { status: reason ? 'unavailable' : 'ok', colour, version };
    reply(response, reason ? 503 : 200, reason ? { ...body, reason } : body);
  };

  const handleApp = async (
    request: IncomingMessage,
    response: ServerResponse,
    path: string,
    unit: WorkUnit,
  ) => {
    counts.appRequests += 1;
    const requestId = String(request.headers[requestIdHeader] ?? `${colour}-unnamed-${unnamed++}`);
    const startedMs = clock.nowMs();
    await unit.sleep(
      requestLatencyMs(faults, keyedUniform(seed, requestId, 1), keyedUniform(seed, requestId, 2)),
    );
    const status = await answerApp(request, response, path, keyedUniform(seed, requestId, 0));
    options.metrics?.record(status, clock.nowMs() - startedMs);
  };

  const answerApp = async (
    request: IncomingMessage,
    response: ServerResponse,
    path: string,
    draw: number,
  ): Promise<number> => {
    if (shouldFailRequest(faults, clock.nowMs() - startedAtMs, draw)) {
      reply(response, 500, { error: 'injected fault', colour, version });
      return 500;
    }
    if (request.method === 'POST' && path === '/orders') {
      const body = (await readJsonBody(request).catch(() => undefined)) as { item?: unknown } | undefined;
      if (typeof body?.item !== 'string' || body.item === '') {
        reply(response, 400, { error: 'body must be JSON like {"item": "book"}' });
        return 400;
      }
      const id = await insertOrder(db, { colour, version, item: body.item });
      counts.ordersCreated += 1;
      reply(response, 201, { id });
      return 201;
    }
    const orderId = /^\/orders\/(\d+)$/.exec(path)?.[1];
    if (request.method === 'GET' && orderId) {
      const order = await findOrder(db, Number(orderId));
      reply(response, order ? 200 : 404, order ?? { error: `order ${orderId} not found` });
      return order ? 200 : 404;
    }
    if (request.method === 'GET' && path === '/') {
      reply(response, 200, { service: 'greenlight-demo', colour, version });
      return 200;
    }
    reply(response, 404, { error: `no route for ${request.method} ${path}` });
    return 404;
  };

  const server = createServer((request, response) => {
    counts.requests += 1;
    counts.inFlight += 1;
    const unit = clock.joinWork(request.headers[workHeader] as string | undefined, `${colour} app request`);
    response.on('close', () => {
      counts.inFlight -= 1;
    });
    const path = (request.url ?? '/').split('?')[0] as string;
    const handled = HEALTH_ENDPOINTS.has(path)
      ? handleHealth(path as HealthEndpoint, response)
      : handleApp(request, response, path, unit);
    handled
      .catch((error: Error) => {
        if (!response.headersSent) reply(response, 500, { error: error.message });
        else response.destroy();
      })
      .finally(() => unit.end());
  });
  // Longer than clients' idle sockets, so a keep-alive client never reuses a socket the server
  // is closing at the same moment (a spurious ECONNRESET).
  server.keepAliveTimeout = 30_000;
  server.on('connection', (socket) => {
    if (faults.crash) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('app server has no TCP address');

  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    colour,
    setFaults(update) {
      const next = { ...faults, ...update };
      validateFaults(next);
      faults = next;
      if (faults.crash) for (const socket of sockets) socket.destroy();
    },
    faults: () => ({ ...faults }),
    setVersion(next) {
      version = next;
      startedAtMs = clock.nowMs();
    },
    stats: () => ({ ...counts }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        options.metrics?.stop();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
