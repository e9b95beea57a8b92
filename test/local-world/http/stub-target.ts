/**
 * A minimal target for router tests: answers like an app server of one colour, with a
 * per-request delay taken from `?delayMs=`, so draining can be watched exactly.
 */
import { createServer } from 'node:http';
import { type WorldClock, workHeader } from '../../../src/local-world/clock/world-clock.ts';
import type { Colour } from '../../../src/ports/colour.ts';

export interface StubTarget {
  readonly url: string;
  close(): Promise<void>;
}

/** With a clock, `?delayMs=` waits in world time (as an app server of the world does). */
export async function startStubTarget(
  colour: Colour,
  healthStatus = 200,
  clock?: WorldClock,
): Promise<StubTarget> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://stub');
    const status = url.pathname === '/health' ? healthStatus : 200;
    const answer = () => {
      response.writeHead(status, { 'x-colour': colour, 'content-type': 'application/json' });
      response.end(JSON.stringify({ colour, path: url.pathname }));
    };
    const delayMs = Number(url.searchParams.get('delayMs') ?? 0);
    if (!clock) {
      setTimeout(answer, delayMs);
      return;
    }
    const unit = clock.joinWork(request.headers[workHeader] as string | undefined, `${colour} stub`);
    void unit.sleep(delayMs).then(() => {
      if (!response.destroyed) answer();
      unit.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
