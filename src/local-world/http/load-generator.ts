/**
 * Steady real HTTP traffic at a rate in WORLD requests per second, recording every response.
 *
 * The schedule is by world time: on each tick it sends however many requests are due since the
 * start (`elapsed × rps`), so the count always matches rps × world duration. On a virtual clock
 * no time passes while requests are in flight, so nothing is ever late; on a wall clock a
 * request over `maxInFlight` is not sent but counted as `notSent`, never hidden.
 *
 * Every request carries its index (`x-request-id`), from which the router and the app servers
 * draw what happens to it, and its work unit: the outcome of request 1234 is the same whatever
 * order concurrent requests happen to arrive in.
 */
import { Agent, request as httpRequest } from 'node:http';
import { percentile } from '../../core/percentile.ts';
import { ConfigError } from '../../errors.ts';
import type { Colour } from '../../ports/colour.ts';
import { type WorldClock, workHeader } from '../clock/world-clock.ts';
import { isWrite } from './latency-stats.ts';

/** The header that names a request, for keyed draws downstream. */
export const requestIdHeader = 'x-request-id';

/** One request and what came of it. */
export interface ResponseRecord {
  /** World time at which it was sent. */
  readonly atMs: number;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  /** null when no response came (network error or timeout). */
  readonly status: number | null;
  /** From the `x-colour` header; null when absent. */
  readonly colour: Colour | null;
  /** World milliseconds from sending to the end of the response. */
  readonly latencyMs: number;
  readonly error?: string;
  /** The id of the order a 201 acknowledged. */
  readonly orderId?: number;
}

/** Totals of a run. A failure is a status >= 500, a network error or a timeout. */
export interface LoadSummary {
  readonly sent: number;
  /** What the schedule asked for: rps × world seconds of load. */
  readonly scheduled: number;
  readonly succeeded: number;
  readonly failed: number;
  /** Requests the schedule asked for but the generator could not send (wall clock only). */
  readonly notSent: number;
  readonly failedByColour: { readonly blue: number; readonly green: number; readonly unknown: number };
  /** Ids of the orders acknowledged with 201, in the order acknowledged. */
  readonly writesAcknowledged: readonly number[];
  /** p95 latency of the requests that got a response, world ms. */
  readonly p95Ms: number;
  /** World seconds the load ran. */
  readonly worldSeconds: number;
}

/** Options for {@link startLoad}. */
export interface LoadOptions {
  /** Base URL to send to, e.g. the router's productionUrl. */
  readonly url: string;
  /** Requests per world second. */
  readonly rps: number;
  readonly clock: WorldClock;
  /** Share of requests that are `POST /orders` (the rest are `GET /`). @default 0 */
  readonly writeRatio?: number;
  /** World ms without a full answer before a request counts as timed out. @default 5000 */
  readonly timeoutMs?: number;
  /** @default 1024 */
  readonly maxInFlight?: number;
  /** World ms between sends: requests due within one tick go out together. @default 100 */
  readonly tickMs?: number;
  /** Told of every response as it ends. */
  readonly onResponse?: (record: ResponseRecord) => void;
  /** Prefix of the request ids, so several generators never share one. @default '' */
  readonly idPrefix?: string;
}

/** A running load. */
export interface LoadGenerator {
  /** Stops sending, waits for requests in flight, and returns the totals. */
  stop(): Promise<LoadSummary>;
  summary(): LoadSummary;
  results(): readonly ResponseRecord[];
}

/** Starts sending requests at once. */
export function startLoad(options: LoadOptions): LoadGenerator {
  const { rps, clock } = options;
  const writeRatio = options.writeRatio ?? 0;
  const maxInFlight = options.maxInFlight ?? 1024;
  const tickMs = options.tickMs ?? 100;
  if (!(rps > 0 && rps <= 100_000)) throw new ConfigError(`load rps must be > 0 and <= 100000, got ${rps}`);
  if (!(writeRatio >= 0 && writeRatio <= 1))
    throw new ConfigError(`load writeRatio must be 0..1, got ${writeRatio}`);
  const timeoutMs = options.timeoutMs ?? 5000;
  const base = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: maxInFlight, keepAliveMsecs: 1000 });
  const records: ResponseRecord[] = [];
  const pending = new Set<Promise<void>>();
  const startedAtMs = clock.nowMs();
  let stoppedAtMs: number | undefined;
  let index = 0;
  let notSent = 0;

  const send = (requestIndex: number, method: 'GET' | 'POST') => {
    const path = method === 'POST' ? '/orders' : '/';
    const atMs = clock.nowMs();
    const unit = clock.beginWork(`load request ${requestIndex}`);
    const done = new Promise<void>((resolve) => {
      let finished = false;
      const finish = (fields: {
        status: number | null;
        colour: Colour | null;
        error?: string;
        orderId?: number;
      }) => {
        if (finished) return;
        finished = true;
        cancelTimeout();
        const record: ResponseRecord = { atMs, method, path, latencyMs: clock.nowMs() - atMs, ...fields };
        records.push(record);
        options.onResponse?.(record);
        unit.end();
        resolve();
      };
      const body = method === 'POST' ? `{"item":"item-${requestIndex}"}` : undefined;
      const request = httpRequest(
        {
          hostname: base.hostname,
          port: base.port,
          method,
          path,
          agent,
          headers: {
            [workHeader]: unit.id,
            [requestIdHeader]: `${options.idPrefix ?? ''}${requestIndex}`,
            ...(body ? { 'content-type': 'application/json', 'content-length': body.length } : {}),
          },
        },
        (response) => {
          const status = response.statusCode ?? null;
          const header = response.headers['x-colour'];
          const colour = header === 'blue' || header === 'green' ? header : null;
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            if (method === 'POST') text += chunk;
          });
          response.on('end', () => {
            if (!(method === 'POST' && status === 201)) return finish({ status, colour });
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
      const cancelTimeout = clock.setTimeout(timeoutMs, () => {
        request.destroy(new Error(`no answer within ${timeoutMs} world ms`));
      });
      request.on('error', (error: NodeJS.ErrnoException) =>
        finish({ status: null, colour: null, error: error.code ?? error.message }),
      );
      request.end(body);
    });
    pending.add(done);
    void done.then(() => pending.delete(done));
  };

  const scheduledBy = (atMs: number): number => Math.floor(((atMs - startedAtMs) * rps) / 1000);
  const tick = () => {
    const due = scheduledBy(clock.nowMs());
    for (; index < due; index += 1) {
      if (pending.size >= maxInFlight) notSent += 1;
      else send(index, isWrite(index, writeRatio) ? 'POST' : 'GET');
    }
  };
  const stopTicking = clock.setInterval(tickMs, tick, { background: true });

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
    const endMs = stoppedAtMs ?? clock.nowMs();
    return {
      sent: records.length + pending.size,
      scheduled: scheduledBy(endMs),
      succeeded: records.length - failed,
      failed,
      notSent,
      failedByColour,
      writesAcknowledged,
      p95Ms: percentile(latencies, 95),
      worldSeconds: (endMs - startedAtMs) / 1000,
    };
  };

  return {
    async stop() {
      if (stoppedAtMs === undefined) {
        tick();
        stoppedAtMs = clock.nowMs();
        stopTicking();
      }
      while (pending.size > 0) await Promise.all(pending);
      agent.destroy();
      return summary();
    },
    summary,
    results: () => records,
  };
}
