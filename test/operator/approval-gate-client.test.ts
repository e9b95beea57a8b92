import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { InvalidRequestError, ServiceUnavailableError } from '../../src/errors.ts';
import type { GateDecision } from '../../src/operator/approval-gate-client.ts';
import { functionUrlRegion } from '../../src/operator/function-url-signer.ts';
import { type GateConnection, openApprovalGate } from '../../src/operator/open-approval-gate.ts';
import { OperatorStateError } from '../../src/operator/operator-errors.ts';
import { type RecordingServer, startRecordingServer } from '../support/recording-server.ts';
import { expectedSignature, parseAuthorization } from '../support/sigv4-check.ts';

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'secret-example',
  sessionToken: 'session-1',
};
const operator: Pick<GateConnection, 'defaultOperator'> = { defaultOperator: 'os-user' };
const approve: GateDecision = { deploymentId: 'd-1', decision: 'approve', role: 'cab', reason: 'CHG-1 ok' };
const ana = 'arn:aws:sts::123456789012:assumed-role/Approvers/ana';

describe('openApprovalGate: picking the approval API', () => {
  it.each([
    ['a local endpoint without the approval API', { endpoint: 'http://127.0.0.1:1' }, /--approval-url/],
    [
      'AWS without the approval API URL',
      {},
      /--approval-url .*ApprovalApiUrl output of the Greenlight-<environment> stack/,
    ],
    [
      'a malformed approval URL',
      { endpoint: 'http://127.0.0.1:1', approvalUrl: 'nope' },
      /--approval-url: expected a URL/,
    ],
    [
      'a self-asserted approver on AWS',
      { approvalUrl: 'https://abc.lambda-url.eu-west-1.on.aws/', as: 'boss@example.com' },
      /records the IAM identity that signs the request.*drop --as "boss@example.com"/,
    ],
    [
      'a signed request in clear text off this machine',
      { approvalUrl: 'http://approvals.example.com/', region: 'eu-west-1' },
      /expected https:\/\//,
    ],
    [
      'a URL of another region than --region',
      { approvalUrl: 'https://abc.lambda-url.eu-west-1.on.aws/', region: 'us-east-1' },
      /is in eu-west-1 but --region is us-east-1/,
    ],
    [
      'a host that names no region, without --region',
      { approvalUrl: 'https://approvals.example.com/' },
      /which region signs the request\?.*pass --region/,
    ],
  ])('refuses %s, before sending anything', (_label, flags, message) => {
    const open = () => openApprovalGate({ ...operator, ...flags }, {}, credentials);
    expect(open).toThrow(InvalidRequestError);
    expect(open).toThrow(message);
  });

  it.each([
    ['eu-west-1', 'https://abcdef123.lambda-url.eu-west-1.on.aws/'],
    ['us-gov-west-1', 'https://x1.lambda-url.us-gov-west-1.on.aws'],
    [undefined, 'https://approvals.example.com/'],
  ])('reads the region %s from a function URL', (region, url) => {
    expect(functionUrlRegion(new URL(url))).toBe(region);
  });
});

describe('the approval API client', () => {
  let server: RecordingServer;
  beforeAll(async () => {
    server = await startRecordingServer();
  });
  afterAll(() => server.close());
  afterEach(() => {
    server.requests.length = 0;
    vi.unstubAllGlobals();
  });

  it('on AWS signs the decision with SigV4 for lambda in the region, and reports whom the API recorded', async () => {
    // Prepare
    server.answer(202, { deploymentId: 'd-1', status: 'recorded', by: ana, detail: 'cab 1/2' });
    const gate = openApprovalGate(
      { ...operator, approvalUrl: server.url, region: 'eu-west-1' },
      {},
      credentials,
    );

    // Act
    const answer = await gate(approve);

    // Assess
    expect(answer).toEqual({ status: 'recorded', by: ana, detail: 'cab 1/2' });
    const [request] = server.requests;
    if (!request) throw new Error('no request arrived');
    expect(request).toMatchObject({ method: 'POST', path: '/approvals' });
    expect(JSON.parse(request.body)).toEqual(approve);
    const auth = parseAuthorization(String(request.headers.authorization));
    expect(auth).toMatchObject({
      algorithm: 'AWS4-HMAC-SHA256',
      accessKeyId: 'AKIDEXAMPLE',
      region: 'eu-west-1',
      service: 'lambda',
    });
    expect(auth.signedHeaders).toEqual(expect.arrayContaining(['host', 'x-amz-date', 'content-type']));
    expect(String(request.headers['x-amz-date'])).toMatch(/^\d{8}T\d{6}Z$/);
    expect(auth.date).toBe(String(request.headers['x-amz-date']).slice(0, 8));
    expect(request.headers['x-amz-security-token']).toBe('session-1');
    // The signature covers what arrived (host, body, headers): recomputed independently.
    expect(auth.signature).toBe(expectedSignature(request, 'secret-example'));
    expect(auth.signature).not.toBe(
      expectedSignature({ ...request, body: `${request.body} ` }, 'secret-example'),
    );
    // No self-asserted identity travels with it.
    expect(request.headers['x-greenlight-operator']).toBeUndefined();
  });

  it('signs for the region the function URL names', async () => {
    // Prepare
    const sent: Request[] = [];
    vi.stubGlobal('fetch', async (url: URL, init: RequestInit) => {
      sent.push(new Request(url, init));
      return Response.json({ status: 'approved', by: ana, detail: 'cab 2/2' });
    });
    const gate = openApprovalGate(
      { ...operator, approvalUrl: 'https://abc123.lambda-url.ap-southeast-2.on.aws/' },
      {},
      credentials,
    );
    // Act
    await gate(approve);
    // Assess
    const auth = parseAuthorization(sent[0]?.headers.get('authorization') ?? '');
    expect(auth).toMatchObject({ region: 'ap-southeast-2', service: 'lambda' });
    expect(sent[0]?.url).toBe('https://abc123.lambda-url.ap-southeast-2.on.aws/approvals');
  });

  it.each([
    [
      'the gate refuses the decision',
      409,
      { error: 'arn:... has already approved; each approver counts once (nothing was changed)' },
      /approval of d-1 was refused \(HTTP 409\): arn:\.\.\. has already approved; each approver counts once \(nothing was changed\)/,
    ],
    [
      'IAM refuses the caller',
      403,
      { Message: 'Forbidden' },
      /refused \(HTTP 403\): Forbidden: your IAM identity may not call the approval API; it needs lambda:InvokeFunctionUrl and lambda:InvokeFunction .*grantApprove/,
    ],
  ])('surfaces it when %s, with the reason', async (_label, status, body, message) => {
    server.answer(status, body);
    const gate = openApprovalGate(
      { ...operator, approvalUrl: server.url, region: 'eu-west-1' },
      {},
      credentials,
    );
    const attempt = gate(approve);
    await expect(attempt).rejects.toThrow(OperatorStateError);
    await expect(gate(approve)).rejects.toThrow(message);
  });

  it('explains an approval API it cannot reach', async () => {
    const gate = openApprovalGate(
      { ...operator, approvalUrl: 'http://127.0.0.1:9', region: 'eu-west-1' },
      {},
      credentials,
    );
    await expect(gate(approve)).rejects.toThrow(ServiceUnavailableError);
    await expect(gate(approve)).rejects.toThrow(
      /could not reach the approval API at http:\/\/127\.0\.0\.1:9/,
    );
  });

  it('locally names the operator in a header instead (there is no IAM), unsigned', async () => {
    // Prepare
    server.answer(200, {
      status: 'rejected',
      by: 'ana@example.com',
      detail: 'rejected by ana@example.com (cab): no',
    });
    const gate = openApprovalGate(
      { ...operator, endpoint: 'http://127.0.0.1:1', approvalUrl: server.url, as: 'ana@example.com' },
      {},
    );
    // Act
    const answer = await gate({ ...approve, decision: 'reject', reason: 'no' });
    // Assess
    expect(answer.status).toBe('rejected');
    const [request] = server.requests;
    expect(request?.headers['x-greenlight-operator']).toBe('ana@example.com');
    expect(request?.headers.authorization).toBeUndefined();
    expect(JSON.parse(request?.body ?? '{}')).toMatchObject({ decision: 'reject', reason: 'no' });
  });

  it('locally defaults to the operator of the environment or the OS', async () => {
    server.answer(202, { status: 'recorded', by: 'os-user', detail: '' });
    await openApprovalGate(
      { ...operator, approvalUrl: server.url },
      { GREENLIGHT_ENDPOINT: 'http://127.0.0.1:1' },
    )(approve);
    expect(server.requests[0]?.headers['x-greenlight-operator']).toBe('os-user');
  });
});
