import { setTimeout as realSleep } from 'node:timers/promises';
import { percentile } from '../../core/percentile.ts';
import { judgeSmokeAnswer, type SmokeRequest, smokeRequestOf } from '../../core/smoke-tests.ts';
import { ConfigError } from '../../errors.ts';
import type { SmokeResult, SmokeTester, TrialResult, TrialSample } from '../../ports/smoke-tester.ts';
import type { PreTrafficTrial, ServiceBinding, SmokeTest } from '../../schema/config.ts';

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
 * A path passes on any 2xx answer, a request on the answer it expects (src/core/smoke-tests.ts);
 * redirects are not followed (a login redirect is a failure).
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

  async run(binding: ServiceBinding, tests: readonly SmokeTest[]): Promise<readonly SmokeResult[]> {
    const base = testListenerUrl(binding);
    return Promise.all(tests.map((test) => this.request(base, smokeRequestOf(test))));
  }

  async runLive(
    binding: ServiceBinding,
    tests: readonly SmokeTest[],
  ): Promise<readonly SmokeResult[] | null> {
    const base = binding.trial.productionUrl;
    if (base === undefined) return null;
    return Promise.all(tests.map((test) => this.request(base, smokeRequestOf(test))));
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
      const request = {
        ...smokeRequestOf(path),
        headers: { 'x-request-id': `greenlight-trial-${colour}-${n}` },
      };
      const done = this.request(base, request).then((result) => {
        outcomes[colour].push(result);
      });
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

  private async request(base: string, request: SmokeRequest): Promise<SmokeResult> {
    const url = new URL(request.path, base);
    const { path, method } = request;
    const started = this.now();
    const elapsed = () => Math.round(this.now() - started);
    try {
      const response = await this.fetch(url, {
        method,
        redirect: 'manual',
        signal: this.timeoutSignal(this.timeoutMs),
        headers: { 'user-agent': 'greenlight-smoke-test', ...request.headers },
        ...(request.body === undefined ? {} : { body: request.body }),
      });
      // Read the body (which also releases the connection); only an expected text needs it.
      const body = await response.text().catch(() => '');
      const judged = judgeSmokeAnswer(request, response.status, body.slice(0, maxBodyChars));
      return {
        path,
        method,
        status: response.status,
        ok: judged.ok,
        ms: elapsed(),
        detail: `${judged.detail} (${url.href})`,
      };
    } catch (error) {
      const reason =
        error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
          ? `no answer within ${this.timeoutMs} ms`
          : error instanceof Error
            ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}`
            : String(error);
      return {
        path,
        method,
        status: null,
        ok: false,
        ms: elapsed(),
        detail: `${method} ${url.href} failed: ${reason}`,
      };
    }
  }
}

/** How much of an answer's body an expected text is looked for in. */
const maxBodyChars = 65_536;

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
