/**
 * Smoke tests as requests, and what passes: a path is a GET that must answer 2xx; a request
 * names its method, headers, body and the answer it must get. One rule for the HTTP adapter on
 * AWS and in the local world, and for the rollback's live probes. Pure.
 */
import type { SmokeTest } from '../schema/config.ts';

export interface SmokeRequest {
  readonly path: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The body as sent: a string as given, an object or array as JSON. */
  readonly body?: string;
  /** The statuses that pass; null: any 2xx. */
  readonly expectStatus: readonly number[] | null;
  readonly expectBodyIncludes?: string;
}

/** The request a smoke test sends. */
export function smokeRequestOf(test: SmokeTest): SmokeRequest {
  if (typeof test === 'string') return { path: test, method: 'GET', headers: {}, expectStatus: null };
  const json = test.body !== undefined && typeof test.body !== 'string';
  const status = test.expect.status;
  return {
    path: test.path,
    method: test.method,
    headers: { ...(json ? { 'content-type': 'application/json' } : {}), ...test.headers },
    ...(test.body === undefined ? {} : { body: json ? JSON.stringify(test.body) : (test.body as string) }),
    expectStatus: status === undefined ? null : Array.isArray(status) ? status : [status],
    ...(test.expect.bodyIncludes === undefined ? {} : { expectBodyIncludes: test.expect.bodyIncludes }),
  };
}

/**
 * Whether an answer passes, and why not. A body is judged only when the test expects text in it;
 * a redirect is never followed, so a login redirect fails a test that wanted 2xx.
 */
export function judgeSmokeAnswer(
  request: SmokeRequest,
  status: number,
  body: string,
): { readonly ok: boolean; readonly detail: string } {
  const wanted = request.expectStatus === null ? '2xx' : request.expectStatus.join(' or ');
  const statusOk =
    request.expectStatus === null ? status >= 200 && status < 300 : request.expectStatus.includes(status);
  if (!statusOk)
    return { ok: false, detail: `${request.method} ${request.path} → ${status}, expected ${wanted}` };
  if (request.expectBodyIncludes !== undefined && !body.includes(request.expectBodyIncludes)) {
    return {
      ok: false,
      detail: `${request.method} ${request.path} → ${status}, but the body does not contain ${JSON.stringify(request.expectBodyIncludes)}`,
    };
  }
  return { ok: true, detail: `${request.method} ${request.path} → ${status}` };
}

/** The smoke tests that may also probe the live colour: those that only read (GET, HEAD). */
export function liveProbesOf(tests: readonly SmokeTest[]): SmokeTest[] {
  return tests.filter((test) => ['GET', 'HEAD'].includes(smokeRequestOf(test).method));
}
