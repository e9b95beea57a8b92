/**
 * The local stand-in for reading the Greenlight table: `greenlight history` and `greenlight show`
 * cannot reach the in-process store of `greenlight serve`, so serve answers these read-only
 * routes over it (on AWS the CLI reads the DynamoDB table itself):
 *
 *   GET /deployments?service=&environment=   the deployment records, newest first
 *   GET /deployments/<id>                    one record (404 when there is none)
 *   GET /deployments/<id>/audit              its audit events
 *
 * and one write, the audited `greenlight unlock` (src/operator/unlock.ts, refused while the
 * owning execution runs):
 *
 *   POST /locks/unlock {service, environment, reason, by}
 *
 * It binds to loopback by default, like the approval API.
 */
import { createServer, type ServerResponse } from 'node:http';
import { InvalidRequestError } from '../errors.ts';
import { type AuditReader, deploymentsPath, unlockPath } from '../operator/local-api-contract.ts';
import { OperatorStateError } from '../operator/operator-errors.ts';
import type { UnlockRequest, UnlockResult } from '../operator/unlock.ts';
import { listenLocally } from './http/listen-locally.ts';

export interface AuditApiServerOptions {
  readonly store: AuditReader;
  /** The unlock operation over the world's store and Step Functions; without it the route answers 405. */
  readonly unlock?: (request: UnlockRequest) => Promise<UnlockResult>;
  /** @default 0 (an ephemeral port) */
  readonly port?: number;
  /** @default 127.0.0.1 */
  readonly host?: string;
}

export interface RunningAuditApi {
  /** The base URL, e.g. `http://127.0.0.1:8085`; what `greenlight history|show --audit-url` takes. */
  readonly url: string;
  close(): Promise<void>;
}

const send = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
};

/** Answers one GET. Exported for the tests; the server wraps it. */
export async function answerAuditRequest(
  store: AuditReader,
  method: string,
  target: URL,
): Promise<{ status: number; body: unknown }> {
  const usage = `GET ${deploymentsPath}[?service=&environment=], ${deploymentsPath}/<id> or ${deploymentsPath}/<id>/audit`;
  if (method !== 'GET') return { status: 405, body: { error: `read-only: ${usage}` } };
  let parts: string[];
  try {
    parts = target.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return { status: 400, body: { error: `malformed path ${target.pathname}; ${usage}` } };
  }
  if (
    parts[0] !== deploymentsPath.slice(1) ||
    parts.length > 3 ||
    (parts.length === 3 && parts[2] !== 'audit')
  ) {
    return { status: 404, body: { error: `unknown path ${target.pathname}; ${usage}` } };
  }
  const [, deploymentId, audit] = parts;
  if (!deploymentId) {
    const service = target.searchParams.get('service') ?? undefined;
    const environment = target.searchParams.get('environment') ?? undefined;
    return { status: 200, body: { deployments: await store.listDeployments({ service, environment }) } };
  }
  if (audit) return { status: 200, body: { events: await store.listAudit(deploymentId) } };
  const deployment = await store.getDeployment(deploymentId);
  return deployment
    ? { status: 200, body: { deployment } }
    : { status: 404, body: { error: `no deployment record ${deploymentId}` } };
}

const maxUnlockBodyBytes = 16 * 1024;

/** Answers POST /locks/unlock. Exported for the tests; the server wraps it. */
export async function answerUnlockRequest(
  unlockLock: AuditApiServerOptions['unlock'],
  body: string,
): Promise<{ status: number; body: unknown }> {
  if (!unlockLock) return { status: 405, body: { error: 'this audit API does not unlock' } };
  let request: Partial<UnlockRequest>;
  try {
    request = JSON.parse(body) as Partial<UnlockRequest>;
  } catch {
    return { status: 400, body: { error: 'expected a JSON body {service, environment, reason, by}' } };
  }
  const fields = ['service', 'environment', 'reason', 'by'] as const;
  const missing = fields.filter((field) => typeof request[field] !== 'string' || request[field] === '');
  if (missing.length > 0) return { status: 400, body: { error: `missing ${missing.join(', ')}` } };
  try {
    return { status: 200, body: { unlocked: await unlockLock(request as UnlockRequest) } };
  } catch (error) {
    if (error instanceof InvalidRequestError) return { status: 400, body: { error: error.message } };
    if (error instanceof OperatorStateError) return { status: 409, body: { error: error.message } };
    throw error;
  }
}

/** Starts the local audit API. */
export async function startAuditApi(options: AuditApiServerOptions): Promise<RunningAuditApi> {
  const server = createServer((request, response) => {
    const target = new URL(request.url ?? '/', 'http://localhost');
    if (target.pathname === unlockPath && request.method === 'POST') {
      const chunks: Buffer[] = [];
      let bytes = 0;
      request.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > maxUnlockBodyBytes) {
          send(response, 413, { error: `the body is over ${maxUnlockBodyBytes} bytes` });
          request.destroy();
        } else chunks.push(chunk);
      });
      request.on('end', () => {
        answerUnlockRequest(options.unlock, Buffer.concat(chunks).toString('utf8')).then(
          ({ status, body }) => send(response, status, body),
          (error: unknown) => send(response, 500, { error: (error as Error).message }),
        );
      });
      return;
    }
    answerAuditRequest(options.store, request.method ?? 'GET', target).then(
      ({ status, body }) => send(response, status, body),
      (error: unknown) => send(response, 500, { error: (error as Error).message }),
    );
  });
  return listenLocally(server, options);
}
