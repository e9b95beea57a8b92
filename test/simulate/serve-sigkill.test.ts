/**
 * `greenlight serve` killed with SIGKILL in the middle of a bake, then restarted on the same
 * data directory: the deployment is reconciled (traffic on a colour that serves, lock free,
 * record closed, a page sent) and no write it acknowledged is lost or its id reused. Both
 * processes are the real CLI; the writes go through the production listener.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlStore } from '../../src/adapters/local/sql-store.ts';
import { openPglite } from '../../src/db/engine/pglite-database.ts';
import { storeSchema } from '../../src/local-world/local-binding.ts';
import type { AuditEvent, DeploymentRecord } from '../../src/ports/store.ts';
import { until } from '../support/until.ts';

interface ServeProcess {
  readonly child: ChildProcess;
  readonly endpoint: string;
  readonly productionUrl: string;
  readonly auditUrl: string;
  readonly banner: string;
}

const cli = new URL('../../cli/greenlight.mjs', import.meta.url).pathname;

/** Starts the real `greenlight serve` on `dataDir`, resolving once its banner names every URL. */
async function startServeProcess(dataDir: string): Promise<ServeProcess> {
  const { DATABASE_URL: _embeddedOnly, ...env } = process.env;
  const child = spawn(
    process.execPath,
    [cli, 'serve', '--port', '0', '--data-dir', dataDir, '--time-scale', '40', '--rps', '5'],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const url = (label: string) => new RegExp(`${label}:\\s+(http://\\S+)`).exec(out)?.[1];
  return until(
    'serve to print its endpoints',
    async () => {
      if (child.exitCode !== null) throw new Error(`serve exited ${child.exitCode}: ${err}`);
      const endpoint = url('Step Functions endpoint');
      const productionUrl = url('production listener');
      const auditUrl = url('audit API');
      return endpoint && productionUrl && auditUrl && out.includes('Ctrl-C')
        ? { child, endpoint, productionUrl, auditUrl, banner: out }
        : undefined;
    },
    120_000,
  );
}

const stopped = (child: ChildProcess): Promise<unknown> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', resolve));

const getJson = async (url: string): Promise<unknown> => (await fetch(url)).json();

describe('greenlight serve, killed with SIGKILL mid-bake and restarted', () => {
  let dataDir: string;
  const processes: ChildProcess[] = [];
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'greenlight-serve-'));
  });
  afterAll(async () => {
    for (const child of processes) child.kill('SIGKILL');
    await Promise.all(processes.map(stopped));
    await rm(dataDir, { recursive: true, force: true });
  });

  it('reconciles the deployment it was running and loses no acknowledged write', async () => {
    // Arrange: a served world, a deployment under way, and writes through the production listener.
    const first = await startServeProcess(dataDir);
    processes.push(first.child);
    const sfn = new SFNClient({
      endpoint: first.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: 'arn:aws:states:local:000000000000:stateMachine:greenlight-deploy',
        name: 'killed-1',
        input: JSON.stringify({
          service: 'shop',
          environment: 'local',
          version: '1.1.0',
          image: 'local/shop:1.1.0',
          releaseType: 'minor',
          changeRequestId: 'CHG-1',
          requestedBy: 'me',
        }),
      }),
    );
    sfn.destroy();
    const acknowledged: number[] = [];
    let writing = true;
    const writer = (async () => {
      for (let n = 0; writing; n++) {
        const response = await fetch(`${first.productionUrl}/orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ item: `book-${n}` }),
        }).catch(() => undefined);
        if (response?.status === 201) acknowledged.push(((await response.json()) as { id: number }).id);
        else await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const inBake = await until(
      'green to take part of the traffic',
      async () => {
        const { events } = (await getJson(`${first.auditUrl}/deployments/killed-1/audit`).catch(() => ({
          events: [],
        }))) as { events?: AuditEvent[] };
        return events?.find((e) => e.type === 'weights.changed' && Number(e.detail.green) > 0);
      },
      180_000,
    );
    await until('writes to be acknowledged during the bake', async () =>
      acknowledged.length >= 20 ? true : undefined,
    );

    // Act: kill it where it stands, then start it again on the same directory.
    first.child.kill('SIGKILL');
    await stopped(first.child);
    writing = false;
    await writer;
    const second = await startServeProcess(dataDir);
    processes.push(second.child);

    // Assess: traffic is all on blue, through the production listener, and every write is there.
    expect(Number(inBake.detail.green)).toBeLessThan(100);
    expect(second.banner).toContain('killed-1 (shop 1.1.0)');
    const served = await Promise.all(
      Array.from({ length: 10 }, () =>
        fetch(second.productionUrl).then((r) => [r.status, r.headers.get('x-colour')]),
      ),
    );
    expect(served).toEqual(Array.from({ length: 10 }, () => [200, 'blue']));
    const missing: number[] = [];
    for (const id of acknowledged) {
      const response = await fetch(`${second.productionUrl}/orders/${id}`);
      if (response.status !== 200) missing.push(id);
    }
    expect({ acknowledged: acknowledged.length, missing }).toEqual({
      acknowledged: acknowledged.length,
      missing: [],
    });
    const next = await fetch(`${second.productionUrl}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ item: 'after the restart' }),
    });
    expect(((await next.json()) as { id: number }).id).toBeGreaterThan(Math.max(...acknowledged));

    // Assess: the record, lock and audit trail, read from the data directory once serve has stopped.
    second.child.kill('SIGTERM');
    await stopped(second.child);
    const engine = await openPglite({ dataDir });
    try {
      const store = await SqlStore.open(engine, storeSchema('local'));
      const record = (await store.getDeployment('killed-1')) as DeploymentRecord;
      expect(record).toMatchObject({ status: 'rolled-back', failure: { error: 'ExecutionAborted' } });
      expect(await store.readLock('shop#local')).toBeNull();
      expect(await store.getLive('shop', 'local')).toEqual({ colour: 'blue', version: '1.0.0' });
      const trail = await store.listAudit('killed-1');
      expect(trail.filter((e) => e.type === 'reconciled').map((e) => e.detail.decision)).toEqual(['route']);
      expect(trail.find((e) => e.type === 'outcome')?.detail).toMatchObject({ outcome: 'rolled-back' });
      expect(trail.some((e) => e.type === 'notification.sent' && e.detail.template === 'reconciled')).toBe(
        true,
      );
      // World time never ran backwards across the restart.
      const times = trail.map((e) => e.atMs);
      expect(times).toEqual([...times].sort((a, b) => a - b));
    } finally {
      await engine.close();
    }
  }, 420_000);
});
