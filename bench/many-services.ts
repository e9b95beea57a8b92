/**
 * `npm run bench`, part 2: many services in one world.
 *
 * 1. Memory per service: the same `serve` world with 1 and with 50 services, each in its own
 *    process, measured after a full GC (run with --expose-gc); per service = (50 − 1) / 49.
 * 2. Throughput: 50 healthy deployments started at once through the one Step Functions
 *    endpoint, under steady load on every service: deployments per wall minute, real requests
 *    per wall second, and the world seconds that flowed meanwhile.
 *
 * Writes reports/bench-many-services.json as well.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type RunningServe, startServe } from '../src/local-world/serve.ts';
import type { ExecutionRecord } from '../src/runtime/local-step-functions.ts';

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';

const line = (text: string) => process.stdout.write(`${text}\n`);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc)
  throw new Error('run with node --expose-gc (npm run bench does), so memory is measured after a full GC');

const servicesNamed = (count: number) =>
  Array.from({ length: count }, (_, i) => `svc-${String(i).padStart(2, '0')}`);

function serveWith(services: readonly string[], rpsPerService: number): Promise<RunningServe> {
  return startServe({
    port: 0,
    timeScale: 100_000, // as fast as the work allows: the paced clock never outruns it
    rps: rpsPerService,
    services,
    config: {
      trafficPlan: [
        { weightPercent: 10, bakeSeconds: 60 },
        { weightPercent: 50, bakeSeconds: 60 },
        { weightPercent: 100, bakeSeconds: 60 },
      ],
      standbySeconds: 60,
      approvals: {},
    },
  });
}

interface Memory {
  readonly rssMb: number;
  readonly heapMb: number;
  readonly externalMb: number;
}

async function settledMemory(): Promise<Memory> {
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const usage = process.memoryUsage();
  const mb = (bytes: number) => bytes / 2 ** 20;
  return { rssMb: mb(usage.rss), heapMb: mb(usage.heapUsed), externalMb: mb(usage.external) };
}

// A child process per world size: RSS never shrinks, so one process cannot measure two worlds.
const { values } = parseArgs({ options: { 'memory-of': { type: 'string' } } });
if (values['memory-of'] !== undefined) {
  const serve = await serveWith(servicesNamed(Number(values['memory-of'])), 4);
  await new Promise((resolve) => setTimeout(resolve, 1000)); // a second of load, so every server has served
  process.stdout.write(JSON.stringify(await settledMemory()));
  await serve.close();
  process.exit(0);
}

function memoryOf(count: number): Memory {
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), '--memory-of', String(count)],
    { encoding: 'utf8', env: process.env, timeout: 120_000 },
  );
  if (child.status !== 0) throw new Error(`measuring ${count} services failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1) as string) as Memory;
}

line('## Memory per service (one world per process, measured after a full GC)\n');
line("| services | RSS MB | JS heap MB | external MB (PGlite's WASM memory among it) |");
line('| ---: | ---: | ---: | ---: |');
const one = memoryOf(1);
const fifty = memoryOf(50);
const perService = {
  rssMb: (fifty.rssMb - one.rssMb) / 49,
  heapMb: (fifty.heapMb - one.heapMb) / 49,
  externalMb: (fifty.externalMb - one.externalMb) / 49,
};
const row = (label: string, m: Memory) =>
  line(`| ${label} | ${m.rssMb.toFixed(1)} | ${m.heapMb.toFixed(1)} | ${m.externalMb.toFixed(1)} |`);
row('1', one);
row('50', fifty);
row('per service, (50 − 1) / 49', perService);
line(
  "\nRSS is mostly the one shared engine and V8's reservations, and moves by tens of MB from run to run; what a service adds is what the JS heap and external memory grow by.",
);

line('\n## Throughput: 50 healthy deployments at once through one endpoint, 4 world rps per service\n');
const services = servicesNamed(50);
const serve = await serveWith(services, 4);
const ended: ExecutionRecord[] = [];
const allEnded = new Promise<void>((resolve) =>
  serve.world.sfn.onExecutionEnded((execution) => {
    ended.push(execution);
    if (ended.length === services.length) resolve();
  }),
);
const sentSoFar = () => [...serve.loadSummaries().values()].reduce((sum, s) => sum + s.sent, 0);
const sentBefore = sentSoFar();
const worldBefore = serve.world.clock.nowMs();
const started = performance.now();
for (const service of services) {
  serve.world.sfn.startExecution({
    stateMachineArn: serve.world.deployStateMachineArn,
    name: `bench-${service}`,
    input: JSON.stringify({
      service,
      environment: serve.world.environment,
      version: '2.0.0',
      image: `local/${service}:2.0.0`,
      releaseType: 'minor',
      changeRequestId: `CHG-${service.slice(4)}`,
      requestedBy: 'bench@example.com',
    }),
  });
}
const progress = setInterval(
  () =>
    process.stderr.write(
      `  ${ended.length}/${services.length} deployments ended, ${((serve.world.clock.nowMs() - worldBefore) / 1000).toFixed(0)} world s\n`,
    ),
  5000,
);
await allEnded;
clearInterval(progress);
const wallSeconds = (performance.now() - started) / 1000;
const requests = sentSoFar() - sentBefore;
const worldSeconds = (serve.world.clock.nowMs() - worldBefore) / 1000;
const succeeded = ended.filter((execution) => execution.status === 'SUCCEEDED').length;
const failedRequests = [...serve.loadSummaries().values()].reduce((sum, s) => sum + s.failed, 0);
await serve.close();

line(
  '| deployments | succeeded | world s | wall s | deployments / wall min | real requests | real requests/s | failed requests |',
);
line('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
line(
  `| ${services.length} | ${succeeded} | ${worldSeconds.toFixed(0)} | ${wallSeconds.toFixed(1)} | ${((services.length * 60) / wallSeconds).toFixed(0)} | ${requests} | ${(requests / wallSeconds).toFixed(0)} | ${failedRequests} |`,
);

mkdirSync('reports', { recursive: true });
writeFileSync(
  'reports/bench-many-services.json',
  `${JSON.stringify({ memory: { one, fifty, perService }, throughput: { deployments: services.length, succeeded, worldSeconds, wallSeconds, requests, failedRequests } }, null, 2)}\n`,
);
line('\nfigures also written to reports/bench-many-services.json');
if (succeeded !== services.length) process.exitCode = 1;
