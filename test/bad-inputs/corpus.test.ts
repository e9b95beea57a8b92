/**
 * The bad-input corpus (issue 13): every way in, each case refused with a clear error that names
 * the field or flag and what was expected, with a meaningful exit code where there is one (2 for
 * usage, 1 for a refused action), and nothing changed. "Nothing" is diffed over eight kinds of
 * state of a served world: the lock, the weights, the records, the audit trail, the snapshots,
 * the notifications, the migration rows and the executions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alarmRelay } from '../../functions/alarm-relay/handler.ts';
import { localMigrator } from '../../src/cli/local-migrations.ts';
import { main } from '../../src/cli/main.ts';
import { type RunningServe, startServe } from '../../src/local-world/serve.ts';

let serve: RunningServe;
let runs = 0;

beforeAll(async () => {
  serve = await startServe({ port: 0, timeScale: 1000, rps: 1, migrator: localMigrator });
}, 60_000);
afterAll(() => serve?.close());

const request = (overrides: Record<string, unknown> = {}) => ({
  service: 'shop',
  environment: 'local',
  version: '1.1.0',
  image: 'local/shop:1.1.0',
  releaseType: 'minor',
  changeRequestId: 'CHG-1',
  requestedBy: 'me',
  ...overrides,
});

/** The eight kinds of state a bad input must leave as they were. */
async function worldState() {
  const { world } = serve;
  const shop = world.service();
  const records = await world.ports.store.listDeployments({});
  const migrationTable = await shop.db.query<{ exists: boolean }>(
    "SELECT to_regclass('greenlight_migrations') IS NOT NULL AS exists",
  );
  return {
    lock: await world.ports.store.readLock('shop#local'),
    weights: shop.router.currentWeights(),
    records,
    audit: await Promise.all(records.map((record) => world.ports.store.listAudit(record.deploymentId))),
    snapshots: (await world.snapshots.listSnapshots(shop.db)).map((snapshot) => snapshot.id),
    notifications: [...world.ports.outbox.sent, ...world.ports.pager.sent].map((n) => n.subject),
    migrations: migrationTable.rows[0]?.exists
      ? (await shop.db.query('SELECT * FROM greenlight_migrations ORDER BY 1')).rows
      : [],
    // A refused start ends FAILED at Preflight; anything else would be running or done.
    executions: world.sfn
      .listExecutions({})
      .filter((e) => e.status !== 'FAILED' || e.history.statesEntered().join() !== 'Preflight,Refused')
      .map((e) => [e.name, e.status]),
  };
}

interface Refusal {
  readonly message: string;
  /** The CLI's exit code, or the HTTP status of a wire request. */
  readonly code?: number;
}

/** A deployment request through Step Functions: refused at Preflight, the cause as the message. */
async function startWith(input: string): Promise<Refusal> {
  runs += 1;
  const execution = await serve.world.sfn.startExecution({
    stateMachineArn: serve.world.deployStateMachineArn,
    name: `bad-${runs}`,
    input,
  }).finished;
  expect(execution.history.statesEntered()).toEqual(['Preflight', 'Refused']);
  return { message: `${execution.error}: ${execution.cause}` };
}

const deployWith = (overrides: Record<string, unknown>) => startWith(JSON.stringify(request(overrides)));

/** A raw Step Functions protocol request to the served endpoint. */
async function wire(body: string, target = 'AWSStepFunctions.StartExecution'): Promise<Refusal> {
  const response = await fetch(serve.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target },
    body,
  });
  const answer = (await response.json()) as { __type?: string; message?: string; Message?: string };
  return { code: response.status, message: `${answer.__type}: ${answer.message ?? answer.Message}` };
}

/** The CLI in this process, with stderr captured. */
async function cli(...args: string[]): Promise<Refusal> {
  const errors: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  const out = process.stdout.write.bind(process.stdout);
  process.stderr.write = ((chunk: string) => errors.push(String(chunk)) > 0) as typeof process.stderr.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    const code = await main(['node', 'greenlight', ...args]);
    return { code, message: errors.join('') };
  } finally {
    process.stderr.write = write;
    process.stdout.write = out;
    process.exitCode = undefined;
  }
}

const connection = () => ['--endpoint', serve.endpoint, '--region', 'us-east-1'];
const withAudit = () => [...connection(), '--audit-url', serve.auditUrl];

/** An EventBridge event handed to the alarm relay, as the bus would. */
async function relay(event: unknown): Promise<Refusal> {
  try {
    const answer = (await alarmRelay.bind(serve.world.ports)(event as never, {} as never)) as {
      action: string;
      reason: string;
    };
    return { message: `${answer.action}: ${answer.reason}` };
  } catch (error) {
    return { message: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

const deep = (depth: number): unknown => (depth === 0 ? 'x' : { a: deep(depth - 1) });

const alarmEvent = (detail: Record<string, unknown>) => ({
  version: '0',
  id: 'e-1',
  'detail-type': 'CloudWatch Alarm State Change',
  source: 'aws.cloudwatch',
  account: '000000000000',
  time: '2026-12-02T10:00:00Z',
  region: 'local',
  resources: [],
  detail,
});

interface Case {
  readonly name: string;
  readonly act: () => Promise<Refusal>;
  /** Fragments the message must hold: the field or flag, what was expected, what was received. */
  readonly says: readonly (string | RegExp)[];
  readonly code?: number;
}

const cases: Record<string, readonly Case[]> = {
  'deployment requests (through Preflight)': [
    {
      name: 'a version that is a tag',
      act: () => deployWith({ version: 'latest' }),
      says: ['version', 'semantic version'],
    },
    {
      name: 'a version as a number',
      act: () => deployWith({ version: 1.1 }),
      says: ['version', 'string', 'number'],
    },
    {
      name: 'a release type that does not exist',
      act: () => deployWith({ releaseType: 'huge' }),
      says: ['releaseType', 'minor', 'huge'],
    },
    { name: 'a release type as a number', act: () => deployWith({ releaseType: 2 }), says: ['releaseType'] },
    {
      name: 'an image with a shell command',
      act: () => deployWith({ image: 'local/shop:1.1.0; rm -rf /' }),
      says: ['image', 'container image reference'],
    },
    {
      name: 'an oversized image',
      act: () => deployWith({ image: `local/${'a'.repeat(10_000)}:1` }),
      says: ['image', 'at most 255'],
    },
    {
      name: 'an image with a unicode look-alike',
      act: () => deployWith({ image: 'local/ѕhop:1.1.0' }),
      says: ['image', 'container image'],
    },
    { name: 'an empty image', act: () => deployWith({ image: '' }), says: ['image'] },
    {
      name: 'a requestedBy with a forged line',
      act: () => deployWith({ requestedBy: 'me\nCurrent Status: Stable' }),
      says: ['requestedBy', 'line breaks'],
    },
    {
      name: 'a requestedBy with a NUL',
      act: () => deployWith({ requestedBy: 'me\u0000' }),
      says: ['requestedBy', 'control characters'],
    },
    {
      name: 'an oversized requestedBy',
      act: () => deployWith({ requestedBy: 'x'.repeat(513) }),
      says: ['requestedBy', 'at most 512'],
    },
    {
      name: 'a change request without a number',
      act: () => deployWith({ changeRequestId: 'CHG' }),
      says: ['changeRequestId', 'CHG-1042'],
    },
    {
      name: 'a change request with SQL quotes',
      act: () => deployWith({ changeRequestId: "CHG-1'; DROP TABLE orders;--" }),
      says: ['changeRequestId'],
    },
    {
      name: 'a deployment id with SQL quotes',
      act: () => deployWith({ deploymentId: "x'; DROP TABLE orders;--" }),
      says: ['deploymentId', 'letters, digits'],
    },
    {
      name: 'an oversized deployment id',
      act: () => deployWith({ deploymentId: 'd'.repeat(81) }),
      says: ['deploymentId', '1-80'],
    },
    {
      name: 'a service that is not configured',
      act: () => deployWith({ service: 'cart' }),
      says: ['cart', 'shop'],
    },
    {
      name: 'a service with a unicode look-alike',
      act: () => deployWith({ service: 'ѕhop' }),
      says: ['service'],
    },
    {
      name: 'an environment this stack does not deploy',
      act: () => deployWith({ environment: 'production' }),
      says: ['production'],
    },
    { name: 'a missing service', act: () => deployWith({ service: undefined }), says: ['service'] },
    { name: 'an unknown field', act: () => deployWith({ colour: 'green' }), says: ['colour'] },
    {
      name: 'a __proto__ key',
      act: () => startWith(JSON.stringify(request()).replace('{', '{"__proto__":{"admin":true},')),
      says: ['__proto__'],
    },
    { name: 'a constructor key', act: () => deployWith({ constructor: 'x' }), says: ['constructor'] },
    {
      name: 'duplicate keys, the last one bad',
      act: () =>
        startWith(
          JSON.stringify(request()).replace('"version":"1.1.0"', '"version":"1.1.0","version":"latest"'),
        ),
      says: ['version', 'semantic version'],
    },
    {
      name: 'migrations as an empty array',
      act: () => deployWith({ migrations: [] }),
      says: ['migrations', 'object', 'array'],
    },
    {
      name: 'a migrations location on S3',
      act: () => deployWith({ migrations: { location: 's3://bucket/migrations' } }),
      says: ['s3://', 'folder'],
    },
    {
      name: 'a migrations location that escapes the repository',
      act: () => deployWith({ migrations: { location: '../../../../../../etc' } }),
      says: ['migration'],
    },
    {
      name: 'a migrations location that does not exist',
      act: () => deployWith({ migrations: { location: 'examples/none' } }),
      says: ['examples/none'],
    },
    {
      name: 'migrations nested deeply',
      act: () => deployWith({ migrations: { location: deep(200) } }),
      says: ['migrations', 'location', 'string'],
    },
    {
      name: 'a request that is an array',
      act: () => startWith(JSON.stringify([request()])),
      says: ['object', 'array'],
    },
    {
      name: 'a request that is a string',
      act: () => startWith(JSON.stringify('deploy shop 1.1.0')),
      says: ['object', 'string'],
    },
  ],
  'the Step Functions wire protocol': [
    {
      name: 'a body that is not JSON',
      act: () => wire('{not json'),
      says: ['SerializationException', 'JSON'],
      code: 400,
    },
    { name: 'a body that is a JSON array', act: () => wire('[]'), says: ['object'], code: 400 },
    {
      name: 'an unknown operation',
      act: () => wire('{}', 'AWSStepFunctions.DeleteEverything'),
      says: ['UnknownOperationException', 'DeleteEverything'],
      code: 400,
    },
    {
      name: 'a target of another service',
      act: () => wire('{}', 'DynamoDB_20120810.PutItem'),
      says: ['UnknownOperationException', 'AWSStepFunctions.'],
      code: 400,
    },
    {
      name: 'no state machine',
      act: () => wire(JSON.stringify({ input: '{}' })),
      says: ['stateMachineArn'],
      code: 400,
    },
    {
      name: 'a state machine that does not exist',
      act: () =>
        wire(
          JSON.stringify({
            stateMachineArn: 'arn:aws:states:local:000000000000:stateMachine:nope',
            input: '{}',
          }),
        ),
      says: ['StateMachineDoesNotExist', 'nope'],
      code: 400,
    },
    {
      name: 'an execution name with a space',
      act: () =>
        wire(
          JSON.stringify({
            stateMachineArn: serve.world.deployStateMachineArn,
            name: 'bad name',
            input: '{}',
          }),
        ),
      says: ['InvalidName', 'bad name'],
      code: 400,
    },
    {
      name: 'an input that is not JSON',
      act: () =>
        wire(
          JSON.stringify({
            stateMachineArn: serve.world.deployStateMachineArn,
            name: 'wire-1',
            input: '{nope',
          }),
        ),
      says: ['InvalidExecutionInput', 'JSON'],
      code: 400,
    },
    {
      name: 'an input that is not a string',
      act: () =>
        wire(
          JSON.stringify({
            stateMachineArn: serve.world.deployStateMachineArn,
            name: 'wire-2',
            input: { service: 'shop' },
          }),
        ),
      says: ['input', 'string'],
      code: 400,
    },
    {
      name: 'an input over 256 KiB',
      act: () =>
        wire(
          JSON.stringify({
            stateMachineArn: serve.world.deployStateMachineArn,
            name: 'wire-3',
            input: JSON.stringify({ pad: 'x'.repeat(300_000) }),
          }),
        ),
      says: ['ValidationException', 'input', '262144'],
      code: 400,
    },
    {
      name: 'a NaN in the body',
      act: () =>
        wire(`{"stateMachineArn":"${serve.world.deployStateMachineArn}","name":"wire-4","input":NaN}`),
      says: ['SerializationException'],
      code: 400,
    },
  ],
  'CLI flags': [
    {
      name: 'deploy --version latest',
      act: () =>
        cli(
          'deploy',
          ...connection(),
          '--service',
          'shop',
          '--environment',
          'local',
          '--version',
          'latest',
          '--image',
          'local/shop:1',
          '--release-type',
          'minor',
          '--change-request',
          'CHG-1',
        ),
      says: ['version', 'semantic version'],
      code: 2,
    },
    {
      name: 'deploy without --image',
      act: () =>
        cli(
          'deploy',
          ...connection(),
          '--service',
          'shop',
          '--environment',
          'local',
          '--version',
          '1.1.0',
          '--release-type',
          'minor',
          '--change-request',
          'CHG-1',
        ),
      says: ['image', 'expected string', 'missing'],
      code: 2,
    },
    {
      name: 'plan --release-type huge',
      act: () => cli('plan', '--service', 'shop', '--environment', 'production', '--release-type', 'huge'),
      says: ['release-type', 'huge'],
      code: 2,
    },
    {
      name: 'plan of an unknown environment',
      act: () => cli('plan', '--service', 'shop', '--environment', 'moon', '--release-type', 'minor'),
      says: ['moon'],
      code: 2,
    },
    {
      name: 'serve --rps -5',
      act: () => cli('serve', '--in-memory', '--rps', '-5'),
      says: ['--rps', 'got "-5"'],
      code: 2,
    },
    {
      name: 'serve --time-scale fast',
      act: () => cli('serve', '--in-memory', '--time-scale', 'fast'),
      says: ['--time-scale', 'got "fast"'],
      code: 2,
    },
    {
      name: 'serve --plan 100,50',
      act: () => cli('serve', '--in-memory', '--plan', '100,50'),
      says: ['traffic plan "100,50"'],
      code: 2,
    },
    {
      name: 'serve --services with a path',
      act: () => cli('serve', '--in-memory', '--services', '../etc'),
      says: ['--services', '"../etc"'],
      code: 2,
    },
    {
      name: 'simulate --scenario constructor',
      act: () => cli('simulate', '--scenario', 'constructor'),
      says: ['--scenario', 'unknown scenario "constructor"'],
      code: 2,
    },
    {
      name: 'simulate --rps NaN',
      act: () => cli('simulate', '--rps', 'NaN'),
      says: ['--rps', 'got "NaN"'],
      code: 2,
    },
    {
      name: 'simulate --bake Infinity',
      act: () => cli('simulate', '--bake', 'Infinity'),
      says: ['--bake', 'got "Infinity"'],
      code: 2,
    },
    { name: 'an unknown command', act: () => cli('deploi'), says: ['deploi'], code: 2 },
    {
      name: 'an unknown flag',
      act: () => cli('status', 'x', '--colour', 'green'),
      says: ['--colour'],
      code: 2,
    },
  ],
  'operator actions': [
    {
      name: 'approve a deployment that does not exist',
      act: () =>
        cli(
          'approve',
          'nobody-1',
          ...connection(),
          '--approval-url',
          serve.approvalUrl,
          '--role',
          'cab',
          '--as',
          'alice',
        ),
      says: ['nobody-1'],
      code: 1,
    },
    {
      name: 'reject a deployment that does not exist',
      act: () =>
        cli(
          'reject',
          'nobody-2',
          ...connection(),
          '--approval-url',
          serve.approvalUrl,
          '--role',
          'cab',
          '--as',
          'alice',
          '--reason',
          'no',
        ),
      says: ['nobody-2'],
      code: 1,
    },
    {
      name: 'roll back a deployment that does not exist',
      act: () => cli('rollback', 'nobody-3', ...connection(), '--reason', 'why not'),
      says: ['nobody-3'],
      code: 1,
    },
    {
      name: 'unlock without a reason',
      act: () => cli('unlock', 'shop', 'local', ...withAudit(), '--by', 'alice'),
      says: ['--reason'],
      code: 2,
    },
    {
      name: 'unlock a lock nobody holds',
      act: () =>
        cli(
          'unlock',
          'shop',
          'local',
          ...withAudit(),
          '--by',
          'alice',
          '--reason',
          'nothing should hold it after the drill',
        ),
      says: ['shop#local'],
      code: 1,
    },
    {
      name: 'unlock a service with a path',
      act: () =>
        cli(
          'unlock',
          '../shop',
          'local',
          ...withAudit(),
          '--by',
          'alice',
          '--reason',
          'nothing should hold it after the drill',
        ),
      says: ['../shop'],
      code: 2,
    },
  ],
  'events that reach the alarm relay': [
    {
      name: 'an event without a detail',
      act: () => relay({ 'detail-type': 'CloudWatch Alarm State Change' }),
      says: ['detail'],
    },
    {
      name: 'an event of another kind',
      act: () => relay({ ...alarmEvent({}), 'detail-type': 'EC2 Instance State-change Notification' }),
      says: ['detail-type'],
    },
    {
      name: 'an alarm state that does not exist',
      act: () =>
        relay(alarmEvent({ alarmName: 'greenlight.shop.local.green.5xx-rate', state: { value: 'ON_FIRE' } })),
      says: ['state', 'value'],
    },
    {
      name: 'an alarm that is not Greenlight’s',
      act: () => relay(alarmEvent({ alarmName: 'billing-alarm', state: { value: 'ALARM' } })),
      says: ['billing-alarm', 'not a Greenlight alarm'],
    },
    {
      name: 'an alarm of another environment',
      act: () =>
        relay(
          alarmEvent({ alarmName: 'greenlight.shop.production.green.5xx-rate', state: { value: 'ALARM' } }),
        ),
      says: ['no deployment of shop in production'],
    },
    {
      name: 'an alarm back to OK',
      act: () =>
        relay(alarmEvent({ alarmName: 'greenlight.shop.local.green.5xx-rate', state: { value: 'OK' } })),
      says: ['went to OK'],
    },
    {
      name: 'an alarm name with a __proto__ service',
      act: () =>
        relay(
          alarmEvent({ alarmName: 'greenlight.__proto__.local.green.5xx-rate', state: { value: 'ALARM' } }),
        ),
      says: [/ignored|not a Greenlight alarm|no deployment/],
    },
  ],
};

describe.each(Object.entries(cases))('bad input: %s', (_way, list) => {
  it.each(list.map((c) => [c.name, c] as const))(
    'refuses %s clearly and changes nothing',
    async (_name, c) => {
      // Arrange
      const before = await worldState();

      // Act
      const refusal = await c.act();

      // Assess: a clear error, a meaningful code, nothing changed.
      for (const fragment of c.says) expect(refusal.message).toMatch(fragment);
      if (c.code !== undefined) expect(refusal.code).toBe(c.code);
      expect(await worldState()).toEqual(before);
    },
  );
});

it('holds at least 60 cases, from every way in', () => {
  expect(Object.values(cases).flat().length).toBeGreaterThanOrEqual(60);
  expect(Object.keys(cases)).toHaveLength(5);
});
