/**
 * Steady real HTTP traffic at a given rate, recording every response.
 *
 * The schedule is by elapsed time: on each tick it sends however many requests are due since
 * the start (`elapsed × rps`), so timer drift never lowers the rate and high rates go out in
 * small batches. Sockets are kept alive; a request over `maxInFlight` is not sent but counted
 * as dropped, so a stalled target cannot pile up unbounded work.
 */
import { Agent, request as httpRequest } from 'node:http';
import { ConfigError } from '../../errors.ts';
import type { Clock } from '../../ports/clock.ts';
import { systemClock } from '../../ports/clock.ts';
import type { Colour } from '../../ports/colour.ts';
import { isWrite, percentile } from './latency-stats.ts';

/** One request and what came of it. */
export interface ResponseRecord {
  /** When it was sent, by the generator's clock. */
  readonly atMs: number;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  /** null when no response came (network error or timeout). */
  readonly status: number | null;
  /** From the `x-colour` header; null when absent. */
  readonly colour: Colour | null;
  readonly latencyMs: number;
  readonly error?: string;
  /** The id of the order a 201 acknowledged. */
  readonly orderId?: number;
}

/** Totals of a run. A failure is a status >= 500, a network error or a timeout. */
export interface LoadSummary {
  readonly sent: number;
  readonly succeeded: number;
  readonly failed: number;
  /** Requests not sent because `maxInFlight` were already waiting. */
  readonly dropped: number;
  readonly failedByColour: { readonly blue: number; readonly green: number; readonly unknown: number };
  /** Ids of the orders acknowledged with 201, in the order acknowledged. */
  readonly writesAcknowledged: readonly number[];
  /** p95 latency of the requests that got a response. */
  readonly p95Ms: number;
}

/** Options for {@link startLoad}. */
export interface LoadOptions {
  /** Base URL to send to, e.g. the router's productionUrl. */
  readonly url: string;
  /** Requests per second. */
  readonly rps: number;
  /** Share of requests that are `POST /orders` (the rest are `GET /`). @default 0 */
  readonly writeRatio?: number;
  /** @default 5000 */
  readonly timeoutMs?: number;
  /** @default 256 */
  readonly maxInFlight?: number;
  readonly onResponse?: (record: ResponseRecord) => void;
  /** @default systemClock */
  readonly clock?: Clock;
}

/** A running load. */
export interface LoadGenerator {
  /** Stops sending, waits for requests in flight, and returns the totals. */
  stop(): Promise<LoadSummary>;
  summary(): LoadSummary;
  results(): readonly ResponseRecord[];
}

const TICK_MS = 5;

/** Starts sending requests at once. */
export function startLoad(options: LoadOptions): LoadGenerator {
  const { rps } = options;
  const writeRatio = options.writeRatio ?? 0;
  const maxInFlight = options.maxInFlight ?? 256;
  if (!(rps > 0 && rps <= 100_000)) throw new ConfigError(`load rps must be > 0 and <= 100000, got ${rps}`);
  if (!(writeRatio >= 0 && writeRatio <= 1))
    throw new ConfigError(`load writeRatio must be 0..1, got ${writeRatio}`);
  const timeoutMs = options.timeoutMs ?? 5000;
  const clock = options.clock ?? systemClock;
  const base = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: maxInFlight, keepAliveMsecs: 1000 });
  const records: ResponseRecord[] = [];
  const pending = new Set<Promise<void>>();
  let index = 0;
  let dropped = 0;
  const startedAt = performance.now();

  const send = (method: 'GET' | 'POST') => {
    const path = method === 'POST' ? '/orders' : '/';
    const atMs = clock.nowMs();
    const sentAt = performance.now();
    const done = new Promise<void>((resolve) => {
      const finish = (fields: {
        status: number | null;
        colour: Colour | null;
        error?: string;
        orderId?: number;
      }) => {
        const record: ResponseRecord = {
          atMs,
          method,
          path,
          latencyMs: performance.now() - sentAt,
          ...fields,
        };
        records.push(record);
        options.onResponse?.(record);
        resolve();
      };
      const body = method === 'POST' ? `{"item":"item-${index}"}` : undefined;
      const request = httpRequest(
        {
          hostname: base.hostname,
          port: base.port,
          method,
          path,
          agent,
          timeout: timeoutMs,
          headers: body ? { 'content-type': 'application/json', 'content-length': body.length } : {},
        },
        (response) => {
          const status = response.statusCode ?? null;
          const header = response.headers['x-colour'];
          const colour = header === 'blue' || header === 'green' ? header : null;
          if (!(method === 'POST' && status === 201)) {
            response.resume();
            response.on('end', () => finish({ status, colour }));
            response.on('error', (error) => finish({ status: null, colour, error: error.message }));
            return;
          }
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            text += chunk;
          });
          response.on('end', () => {
            const orderId = Number(/"id":\s*(\d+)/.exec(text)?.[1]);
            finish({
              status,
              colour,
              ...(Number.isFinite(orderId) ? { orderId } : { error: `201 without an id: ${text}` }),
            });
          });
          response.on('error', (error) => finish({ status: null, colour, error: error.message }));
        },
      );
      request.on('timeout', () => request.destroy(new Error(`timeout after ${timeoutMs} ms`)));
      request.on('error', (error: NodeJS.ErrnoException) =>
        finish({ status: null, colour: null, error: error.code ?? error.message }),
      );
      request.end(body);
    });
    pending.add(done);
    void done.then(() => pending.delete(done));
  };

  const tick = () => {
    const due = Math.floor(((performance.now() - startedAt) * rps) / 1000);
    for (; index < due; index += 1) {
      if (pending.size >= maxInFlight) dropped += 1;
      else send(isWrite(index, writeRatio) ? 'POST' : 'GET');
    }
  };
  const timer = setInterval(tick, TICK_MS);
  tick();

  const summary = (): LoadSummary => {
    const failedByColour = { blue: 0, green: 0, unknown: 0 };
    const writesAcknowledged: number[] = [];
    const latencies: number[] = [];
    let failed = 0;
    for (const record of records) {
      if (record.status === null || record.status >= 500) {
        failed += 1;
        failedByColour[record.colour ?? 'unknown'] += 1;
      }
      if (record.status !== null) latencies.push(record.latencyMs);
      if (record.orderId !== undefined) writesAcknowledged.push(record.orderId);
    }
    const sent = records.length + pending.size;
    return {
      sent,
      succeeded: records.length - failed,
      failed,
      dropped,
      failedByColour,
      writesAcknowledged,
      p95Ms: percentile(latencies, 95),
    };
  };

  return {
    async stop() {
      clearInterval(timer);
      while (pending.size > 0) await Promise.all(pending);
      agent.destroy();
      return summary();
    },
    summary,
    results: () => records,
  };
}
