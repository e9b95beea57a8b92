/**
 * The local stand-in for the IAM approval API: `POST /approvals` on 127.0.0.1, served by the very
 * handler deployed as `approval-api`, over the local world's store and callbacks. There is no IAM
 * locally, so the caller names itself in the `x-greenlight-operator` header (what
 * `greenlight approve --as` sends); anyone who can reach the port can approve, which is why it
 * binds to loopback by default.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2WithIAMAuthorizer } from 'aws-lambda';
import { approvalEndpoint } from '../adapters/aws/approval-endpoint.ts';
import { localApprovalsPath, localIdentityHeader } from '../operator/local-api-contract.ts';
import type { Ports } from '../ports/index.ts';
import { listenLocally } from './http/listen-locally.ts';

export interface ApprovalApiServerOptions {
  readonly ports: Pick<Ports, 'store' | 'callbacks' | 'clock'>;
  /** @default 0 (an ephemeral port) */
  readonly port?: number;
  /** @default 127.0.0.1 */
  readonly host?: string;
}

export interface RunningApprovalApi {
  /** The base URL, e.g. `http://127.0.0.1:8084`; decisions go to `${url}/approvals`. */
  readonly url: string;
  close(): Promise<void>;
}

const maxBodyBytes = 16 * 1024;

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) throw new Error(`request body over ${maxBodyBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts the local approval API. */
export async function startApprovalApi(options: ApprovalApiServerOptions): Promise<RunningApprovalApi> {
  const handle = approvalEndpoint(options.ports);
  const server = createServer((request, response) => {
    const send = (status: number, body: string) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(body);
    };
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== localApprovalsPath) {
      send(404, JSON.stringify({ error: `unknown path ${path}; POST ${localApprovalsPath}` }));
      return;
    }
    const identity = request.headers[localIdentityHeader];
    void readBody(request)
      .then((body) =>
        handle({
          body,
          isBase64Encoded: false,
          requestContext: {
            http: { method: request.method ?? 'GET' },
            authorizer: typeof identity === 'string' && identity ? { iam: { userArn: identity } } : undefined,
          },
        } as unknown as APIGatewayProxyEventV2WithIAMAuthorizer),
      )
      .then(
        (result) => send(result.statusCode ?? 200, String(result.body ?? '')),
        (error: unknown) => send(500, JSON.stringify({ error: (error as Error).message })),
      );
  });
  return listenLocally(server, options);
}
