import { ConfigError } from '../../errors.ts';
import type { SmokeResult, SmokeTester } from '../../ports/smoke-tester.ts';
import type { ServiceBinding } from '../../schema/config.ts';

export interface HttpSmokeTesterOptions {
  /** Per-request timeout. @default 5000 */
  readonly timeoutMs?: number;
  /** Injected for tests and the local world. @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** The signal that ends a request after `ms`; the local world times out in world time. @default AbortSignal.timeout */
  readonly timeoutSignal?: (ms: number) => AbortSignal;
  /** Measures each request's duration. @default performance.now */
  readonly now?: () => number;
}

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

  constructor(options: HttpSmokeTesterOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.timeoutSignal = options.timeoutSignal ?? ((ms) => AbortSignal.timeout(ms));
    this.now = options.now ?? (() => performance.now());
  }

  async run(binding: ServiceBinding, paths: readonly string[]): Promise<readonly SmokeResult[]> {
    const base = binding.testListener;
    if (!base || !/^https?:\/\//.test(base)) {
      throw new ConfigError(
        `testListener must be the base URL of the ALB's test listener (e.g. http://internal-shop.elb.amazonaws.com:8443) to run smoke tests, got ${JSON.stringify(base)}`,
      );
    }
    return Promise.all(paths.map((path) => this.request(base, path)));
  }

  private async request(base: string, path: string): Promise<SmokeResult> {
    const url = new URL(path, base);
    const started = this.now();
    const elapsed = () => Math.round(this.now() - started);
    try {
      const response = await this.fetch(url, {
        method: 'GET',
        redirect: 'manual',
        signal: this.timeoutSignal(this.timeoutMs),
        headers: { 'user-agent': 'greenlight-smoke-test' },
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
