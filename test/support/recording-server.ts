import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ArrivedRequest } from './sigv4-check.ts';

export interface RecordingServer {
  readonly url: string;
  readonly requests: ArrivedRequest[];
  /** What the next requests get back. */
  answer(status: number, body: unknown): void;
  close(): Promise<void>;
}

/** A loopback HTTP server that records each request and answers with the JSON it was told to. */
export async function startRecordingServer(): Promise<RecordingServer> {
  const requests: ArrivedRequest[] = [];
  let reply = { status: 200, body: '{}' };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({
        method: request.method ?? '?',
        path: request.url ?? '/',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      response.writeHead(reply.status, { 'content-type': 'application/json' });
      response.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answer: (status, body) => {
      reply = { status, body: JSON.stringify(body) };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
