import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpSmokeTester } from '../../../src/adapters/aws/http-smoke-tester.ts';
import { ConfigError } from '../../../src/errors.ts';
import type { SmokeTest } from '../../../src/schema/config.ts';
import { binding } from './binding-fixture.ts';

let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === '/api/audit/events' && request.method === 'POST') {
      // Seed 003 Step 3: the audit trail takes an event and answers with its id.
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        const typed = request.headers['content-type'] === 'application/json' && JSON.parse(body).action;
        if (typed)
          response
            .writeHead(201, { 'content-type': 'application/json' })
            .end(`{"id":"evt-1","action":"${typed}"}`);
        else response.writeHead(400).end('expected a JSON event with an action');
      });
      return;
    }
    if (request.url === '/health') response.writeHead(200).end('ok');
    else if (request.url === '/slow') setTimeout(() => response.writeHead(200).end('late'), 2000);
    else if (request.url === '/login') response.writeHead(302, { location: '/sso' }).end();
    else response.writeHead(503).end('down');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('Class: HttpSmokeTester', () => {
  it('requests each path through the test listener URL', async () => {
    // Prepare
    const tester = new HttpSmokeTester({ timeoutMs: 300 });
    // Act
    const results = await tester.run({ ...binding, testListener: baseUrl }, [
      '/health',
      '/health/db',
      '/login',
      '/slow',
    ]);
    // Assess
    expect(results.map((r) => [r.path, r.status, r.ok])).toEqual([
      ['/health', 200, true],
      ['/health/db', 503, false],
      ['/login', 302, false],
      ['/slow', null, false],
    ]);
    expect(results[3]?.detail).toContain('no answer within 300 ms');
  });

  it('sends a request with its method and JSON body, and judges its status and body as the test expects', async () => {
    // Prepare
    const tester = new HttpSmokeTester({ timeoutMs: 1000 });
    const post = (
      body: string | Record<string, unknown>,
      expect: { status?: number | number[]; bodyIncludes?: string },
    ): SmokeTest => ({ path: '/api/audit/events', method: 'POST', headers: {}, body, expect });

    // Act
    const results = await tester.run({ ...binding, testListener: baseUrl }, [
      post({ action: 'login' }, { status: 201, bodyIncludes: '"id":"evt-' }),
      post({ action: 'login' }, { status: 200 }),
      post({ action: 'login' }, { status: [200, 201], bodyIncludes: '"action":"logout"' }),
      post('not json', { status: 201 }),
      { path: '/health', method: 'HEAD', headers: {}, expect: {} },
    ]);

    // Assess
    expect(results.map((r) => [r.method, r.status, r.ok])).toEqual([
      ['POST', 201, true],
      ['POST', 201, false],
      ['POST', 201, false],
      ['POST', 400, false],
      ['HEAD', 200, true],
    ]);
    expect(results[1]?.detail).toContain('POST /api/audit/events → 201, expected 200');
    expect(results[2]?.detail).toContain(
      `but the body does not contain ${JSON.stringify('"action":"logout"')}`,
    );
  });

  it('throws ConfigError when testListener is not a URL', async () => {
    // Prepare
    const tester = new HttpSmokeTester();
    // Act / Assess
    await expect(
      tester.run(
        { ...binding, testListener: 'arn:aws:elasticloadbalancing:eu-west-1:1:listener/app/x/y/z' },
        ['/'],
      ),
    ).rejects.toBeInstanceOf(ConfigError);
  });

  it('runs the pre-traffic trial as paced pairs: green through the test listener, blue through productionUrl', async () => {
    // Prepare: a fake fetch on a fake clock that only the pacing moves; green answers 5xx to every tenth request.
    let nowMs = 0;
    const pauses: number[] = [];
    const sent: { url: string; requestId: string | null; atMs: number }[] = [];
    const fakeFetch = (async (input: URL, init?: RequestInit) => {
      const url = String(input);
      const requestId = new Headers(init?.headers).get('x-request-id');
      sent.push({ url, requestId, atMs: nowMs });
      const n = Number(requestId?.split('-').at(-1));
      const green = url.startsWith('http://green.test');
      const status = green && n % 10 === 0 ? 503 : 200;
      return new Response('x', { status });
    }) as typeof fetch;
    const tester = new HttpSmokeTester({
      fetch: fakeFetch,
      now: () => nowMs,
      sleep: async (ms) => {
        // Let the answered requests finish first, as a real pause would.
        await new Promise((resolve) => setImmediate(resolve));
        pauses.push(ms);
        nowMs += ms;
      },
    });
    // Act
    const result = await tester.trial(
      { ...binding, testListener: 'http://green.test:8443' },
      { requests: 100, ratePerSecond: 20, paths: ['/', '/catalog'], productionUrl: 'http://blue.test' },
    );
    // Assess
    expect(result.green).toEqual({ requests: 100, errors: 10, p95Ms: 0 });
    expect(result.blue).toEqual({ requests: 100, errors: 0, p95Ms: 0 });
    expect(sent.slice(0, 4).map((s) => [s.url, s.requestId])).toEqual([
      ['http://green.test:8443/', 'greenlight-trial-green-0'],
      ['http://blue.test/', 'greenlight-trial-blue-0'],
      ['http://green.test:8443/catalog', 'greenlight-trial-green-1'],
      ['http://blue.test/catalog', 'greenlight-trial-blue-1'],
    ]);
    // Pairs 50 ms apart (20 a second), each pair sent at one moment: 99 gaps, 4.95 s.
    expect(pauses).toEqual(Array.from({ length: 99 }, () => 50));
    expect(sent.filter((s) => s.atMs === 50).map((s) => s.requestId)).toEqual([
      'greenlight-trial-green-1',
      'greenlight-trial-blue-1',
    ]);
    expect(result.seconds).toBeCloseTo(4.95, 5);
  });

  it('judges green alone when no productionUrl is configured', async () => {
    // Prepare
    const tester = new HttpSmokeTester({ timeoutMs: 500, sleep: async () => undefined });
    // Act
    const result = await tester.trial(
      { ...binding, testListener: baseUrl },
      { requests: 100, ratePerSecond: 200, paths: ['/health', '/down'] },
    );
    // Assess
    expect(result.blue).toBeNull();
    expect(result.green.requests).toBe(100);
    expect(result.green.errors).toBe(50);
  });
});
