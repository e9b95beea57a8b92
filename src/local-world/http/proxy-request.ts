/**
 * Forwards one request to a target with node:http and pipes the answer back: the part of the
 * ALB that is pure plumbing. Unreachable target → 502, no answer in time → 504.
 */
import {
  type Agent,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';

/** What became of one proxied request. */
export interface ProxyOutcome {
  readonly status: number;
  /**
   * `target`: the target answered with `status`; `connection-error`: no connection (502);
   * `timeout`: no answer in time (504); `client-gone`: the client left first (499).
   */
  readonly kind: 'target' | 'connection-error' | 'timeout' | 'client-gone';
  /** Why the router answered itself (502/504), or why the client went away. */
  readonly error?: string;
}

const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade'];

function withoutHopByHop(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const copy = { ...headers };
  for (const name of HOP_BY_HOP) delete copy[name];
  return copy;
}

/**
 * Proxies `request` to `targetUrl` and resolves when the client's response is over.
 * `errorHeaders` go on the router's own 502/504 answers.
 */
export function proxyRequest(
  request: IncomingMessage,
  response: ServerResponse,
  options: {
    targetUrl: URL;
    agent: Agent;
    timeoutMs: number;
    /** Arms the timeout on the world's clock; returns a function that cancels it. */
    armTimeout: (ms: number, onTimeout: () => void) => () => void;
    errorHeaders: Readonly<Record<string, string>>;
    /** Headers set on the request to the target (the work unit it belongs to). */
    forwardHeaders?: Readonly<Record<string, string>>;
  },
): Promise<ProxyOutcome> {
  return new Promise((resolve) => {
    let outcome: ProxyOutcome | undefined;
    const settle = (result: ProxyOutcome) => {
      outcome ??= result;
    };
    const answerError = (status: number, kind: ProxyOutcome['kind'], error: string) => {
      settle({ status, kind, error });
      if (response.headersSent) {
        response.destroy();
        return;
      }
      const body = JSON.stringify({ error });
      response.writeHead(status, {
        ...options.errorHeaders,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      });
      response.end(body);
    };

    const upstream = httpRequest(
      {
        protocol: options.targetUrl.protocol,
        hostname: options.targetUrl.hostname,
        port: options.targetUrl.port,
        method: request.method,
        path: request.url,
        headers: {
          ...withoutHopByHop(request.headers),
          'x-forwarded-for': request.socket.remoteAddress ?? '',
          ...options.forwardHeaders,
        },
        agent: options.agent,
      },
      (upstreamResponse) => {
        cancelTimeout();
        settle({ status: upstreamResponse.statusCode ?? 502, kind: 'target' });
        response.writeHead(upstreamResponse.statusCode ?? 502, withoutHopByHop(upstreamResponse.headers));
        upstreamResponse.pipe(response);
        upstreamResponse.on('error', () => response.destroy());
      },
    );
    const cancelTimeout = options.armTimeout(options.timeoutMs, () => {
      answerError(
        504,
        'timeout',
        `target ${options.targetUrl.host} did not answer within ${options.timeoutMs} ms`,
      );
      upstream.destroy();
    });
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      cancelTimeout();
      answerError(
        502,
        'connection-error',
        `target ${options.targetUrl.host} unreachable: ${error.code ?? error.message}`,
      );
    });
    response.on('close', () => {
      cancelTimeout();
      if (!response.writableFinished) {
        settle({ status: 499, kind: 'client-gone', error: 'client closed the connection' });
        upstream.destroy();
      }
      resolve(outcome ?? { status: 502, kind: 'connection-error', error: 'no response' });
    });
    request.pipe(upstream);
  });
}
