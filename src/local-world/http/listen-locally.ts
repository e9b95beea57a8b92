import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local API server that is listening: its base URL, and how to stop it. */
export interface ListeningServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts `server` on `host` (127.0.0.1 by default) and `port` (any free one by default). Closing
 * also drops idle keep-alive connections, so a stopped world never waits on a client's socket.
 */
export async function listenLocally(
  server: Server,
  options: { readonly host?: string; readonly port?: number },
): Promise<ListeningServer> {
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
