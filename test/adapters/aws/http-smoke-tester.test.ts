import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpSmokeTester } from '../../../src/adapters/aws/http-smoke-tester.ts';
import { ConfigError } from '../../../src/errors.ts';
import { binding } from './binding-fixture.ts';

let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
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
});
