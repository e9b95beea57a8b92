/**
 * A Step Functions endpoint on localhost: the SDK (`new SFNClient({ endpoint })`), the AWS CLI
 * (`aws stepfunctions --endpoint-url ...`) and Greenlight's operator CLI talk to the local engine
 * exactly as they talk to AWS. SigV4 signatures are accepted unchecked and not required.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type LocalStepFunctions, StepFunctionsApiError } from '../../runtime/local-step-functions.ts';
import { actionHandler } from './actions.ts';
import {
  actionFromTarget,
  defaultMaxBodyBytes,
  errorResponse,
  parseRequestBody,
  successResponse,
  type WireResponse,
} from './protocol.ts';

export interface StepFunctionsApiOptions {
  /** The engine every action drives. */
  readonly engine: LocalStepFunctions;
  /** @default 0 - an ephemeral port, read it from the result */
  readonly port?: number;
  /** @default '127.0.0.1' - loopback only */
  readonly host?: string;
  /** Requests with a larger body get RequestEntityTooLarge (413). @default 1 MiB */
  readonly maxBodyBytes?: number;
}

export interface StepFunctionsApi {
  /** The URL to give clients as their endpoint, e.g. `http://127.0.0.1:8083`. */
  readonly endpoint: string;
  readonly port: number;
  /** Stops listening and drops open connections; executions keep running in the engine. */
  close(): Promise<void>;
}

/** The request body as text, or a RequestEntityTooLarge error once it passes `maxBytes`. */
async function readBody(request: IncomingMessage, maxBytes: number): Promise<string> {
  const declared = Number(request.headers['content-length']);
  const tooLarge = () =>
    new StepFunctionsApiError(
      'RequestEntityTooLarge',
      `Request body is over the ${maxBytes}-byte limit of the local Step Functions API`,
    );
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Runs one request through the protocol and the action table; never throws. */
async function answer(
  engine: LocalStepFunctions,
  request: IncomingMessage,
  maxBodyBytes: number,
): Promise<WireResponse> {
  const requestId = randomUUID();
  try {
    if (request.method !== 'POST') {
      throw new StepFunctionsApiError(
        'UnknownOperationException',
        `${request.method} is not an operation: send POST / with X-Amz-Target: AWSStepFunctions.<Action>`,
      );
    }
    const text = await readBody(request, maxBodyBytes);
    const action = actionFromTarget(request.headers['x-amz-target']);
    const handler = actionHandler(action);
    if (!handler) {
      throw new StepFunctionsApiError(
        'UnknownOperationException',
        `Unknown operation '${action}': the local Step Functions API serves ListStateMachines, DescribeStateMachine, StartExecution, DescribeExecution, ListExecutions, GetExecutionHistory, StopExecution and SendTask{Success,Failure,Heartbeat}`,
      );
    }
    return successResponse(await handler(engine, parseRequestBody(text)), requestId);
  } catch (error) {
    return errorResponse(error, requestId);
  }
}

function write(response: ServerResponse, wire: WireResponse, closeConnection: boolean): void {
  response.writeHead(wire.status, {
    ...wire.headers,
    'content-length': Buffer.byteLength(wire.body),
    ...(closeConnection ? { connection: 'close' } : {}),
  });
  response.end(wire.body);
}

/** Starts the local Step Functions API over `engine`; close it when done. */
export async function startStepFunctionsApi(options: StepFunctionsApiOptions): Promise<StepFunctionsApi> {
  const { engine } = options;
  const host = options.host ?? '127.0.0.1';
  const maxBodyBytes = options.maxBodyBytes ?? defaultMaxBodyBytes;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1) {
    throw new Error(`maxBodyBytes must be a positive integer, got ${maxBodyBytes}`);
  }

  const server = createServer((request, response) => {
    void answer(engine, request, maxBodyBytes).then((wire) => {
      // A body we stopped reading leaves the connection unusable for the next request.
      write(response, wire, !request.readableEnded);
    });
  });
  // Longer than clients' idle sockets, so a keep-alive client never reuses a socket the server
  // is closing at the same moment (a spurious ECONNRESET).
  server.keepAliveTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('the Step Functions API server has no TCP address');
  }
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    endpoint: `http://${urlHost}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
