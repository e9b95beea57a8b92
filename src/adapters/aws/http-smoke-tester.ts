import { setTimeout as realSleep } from 'node:timers/promises';
import { percentile } from '../../core/percentile.ts';
import { ConfigError } from '../../errors.ts';
import type { SmokeResult, SmokeTester, TrialResult, TrialSample } from '../../ports/smoke-tester.ts';
import type { PreTrafficTrial, ServiceBinding } from '../../schema/config.ts';

export interface HttpSmokeTesterOptions {
  /** Per-request timeout. @default 5000 */
  readonly timeoutMs?: number;
  /** Injected for tests and the local world. @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** The signal that ends a request after `ms`; the local world times out in world time. @default AbortSignal.timeout */
  readonly timeoutSignal?: (ms: number) => AbortSignal;
  /** Measures each request's duration. @default performance.now */
  readonly now?: () => number;
  /** Paces the trial; the local world pauses in world time. @default a real-time pause */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** A trial request still unanswered after this many others were sent is not waited for before the next. */
const trialConcurrency = 50;

/**
 * Smoke tests over plain HTTP through the test listener.
 *
 * On AWS `binding.testListener` holds the BASE URL of the ALB's test listener (for example
 * `http://internal-shop-123.eu-west-1.elb.amazonaws.com:8443`), not its ARN: the listener
 * always forwards to the idle colour, so these requests reach green before any user does.
 * A path passes on any 2xx answer; redirects are not followed (a login redirect is a failure).
 */
export class HttpSmokeTester implements SmokeTester {
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;
  private readonly timeoutSignal: (ms: number) => AbortSignal;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: HttpSmokeTesterOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.timeoutSignal = options.timeoutSignal ?? ((ms) => AbortSignal.timeout(ms));
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? ((ms) => realSleep(ms));
  }

  async run(binding: ServiceBinding, paths: readonly string[]): Promise<readonly SmokeResult[]> {
    const base = testListenerUrl(binding);
    return Promise.all(paths.map((path) => this.request(base, path)));
  }

  async runLive(binding: ServiceBinding, paths: readonly string[]): Promise<readonly SmokeResult[] | null> {
    const base = binding.trial.productionUrl;
    if (base === undefined) return null;
    return Promise.all(paths.map((path) => this.request(base, path)));
  }

  /**
   * The pre-traffic trial: `requests` GETs to each colour, green through the test listener and
   * blue through the production listener, sent in pairs at `ratePerSecond`, so both see the
   * same moments. Each carries `x-request-id: greenlight-trial-<colour>-<n>` for the app's logs.
   */
  async trial(binding: ServiceBinding, trial: PreTrafficTrial): Promise<TrialResult> {
    const targets = { green: testListenerUrl(binding), blue: trial.productionUrl };
    const outcomes = { green: [] as SmokeResult[], blue: [] as SmokeResult[] };
    const inFlight = new Set<Promise<void>>();
    const send = (colour: 'green' | 'blue', base: string, n: number) => {
      const path = trial.paths[n % trial.paths.length] as string;
      const done = this.request(base, path, { 'x-request-id': `greenlight-trial-${colour}-${n}` }).then(
        (result) => {
          outcomes[colour].push(result);
        },
      );
      inFlight.add(done);
      void done.finally(() => inFlight.delete(done));
    };
    const started = this.now();
    const gapMs = 1000 / trial.ratePerSecond;
    for (let n = 0; n < trial.requests; n++) {
      send('green', targets.green, n);
      if (targets.blue) send('blue', targets.blue, n);
      while (inFlight.size >= trialConcurrency) await Promise.race(inFlight);
      if (n < trial.requests - 1) await this.sleep(gapMs);
    }
    await Promise.all(inFlight);
    return {
      green: summarise(outcomes.green),
      blue: targets.blue ? summarise(outcomes.blue) : null,
      seconds: (this.now() - started) / 1000,
    };
  }

  private async request(
    base: string,
    path: string,
    extraHeaders: Record<string, string> = {},
  ): Promise<SmokeResult> {
    const url = new URL(path, base);
    const started = this.now();
    const elapsed = () => Math.round(this.now() - started);
    try {
      const response = await this.fetch(url, {
        method: 'GET',
        redirect: 'manual',
        signal: this.timeoutSignal(this.timeoutMs),
        headers: { 'user-agent': 'greenlight-smoke-test', ...extraHeaders },
      });
      // Drain the body so the connection is released; its content does not matter.
      await response.arrayBuffer().catch(() => undefined);
      const ok = response.status >= 200 && response.status < 300;
      return {
        path,
        status: response.status,
        ok,
        ms: elapsed(),
        detail: `GET ${url.href} → ${response.status}`,
      };
    } catch (error) {
      const reason =
        error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
          ? `no answer within ${this.timeoutMs} ms`
          : error instanceof Error
            ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}`
            : String(error);
      return { path, status: null, ok: false, ms: elapsed(), detail: `GET ${url.href} failed: ${reason}` };
    }
  }
}

function testListenerUrl(binding: ServiceBinding): string {
  const base = binding.testListener;
  if (!base || !/^https?:\/\//.test(base)) {
    throw new ConfigError(
      `testListener must be the base URL of the ALB's test listener (e.g. http://internal-shop.elb.amazonaws.com:8443) to run smoke tests, got ${JSON.stringify(base)}`,
    );
  }
  return base;
}

/** Errors are 5xx or no answer: a 4xx is the app answering, as ALB's 5xx metrics count it. */
function summarise(results: readonly SmokeResult[]): TrialSample {
  const answered = results.filter((r) => r.status !== null).map((r) => r.ms);
  const errors = results.filter((r) => r.status === null || r.status >= 500).length;
  return { requests: results.length, errors, p95Ms: answered.length ? percentile(answered, 95) : null };
}
