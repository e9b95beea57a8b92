import type { Colour } from '../../../src/ports/colour.ts';
import type { ExecutionRecord } from '../../../src/runtime/local-step-functions.ts';
import { deploymentIdFor } from '../../../src/workflow/execution-name.ts';
import type { ScenarioOutcome } from './run-scenario.ts';
import type { Ending } from './scenario.ts';

/** The five invariants every fault must leave standing, by number (issue 11). */
export const invariantNames = {
  1: 'all traffic on a colour that serves (probed through the production listener)',
  2: 'the lock released, or kept with a critical page only when no colour serves',
  3: 'every deployment record terminal, with an outcome in its audit trail',
  4: 'no acknowledged write lost (row by row)',
  5: 'a final notification sent, or its failure in the audit trail',
} as const;

export type InvariantNumber = keyof typeof invariantNames;

/** One broken invariant, and what was seen. */
export interface Violation {
  readonly invariant: InvariantNumber;
  readonly service: string;
  readonly seen: string;
}

/** The templates that close a deployment's story, one of which its people must hear of. */
const finalTemplates = new Set(['succeeded', 'rolled-back', 'rollback-failed', 'restored', 'reconciled']);
const probes = 20;

/** Judges a finished scenario against the five invariants; an empty list is a pass. */
export async function violations(outcome: ScenarioOutcome, ends: Ending): Promise<Violation[]> {
  const found: Violation[] = [];
  const { world } = outcome;
  for (const [name, service] of world.services) {
    const broken = (invariant: InvariantNumber, seen: string) =>
      found.push({ invariant, service: name, seen });

    // 1. Traffic: the router's weights, and what the production listener actually answers.
    const weights = await service.router.readWeights();
    const answered = await probe(service.router.productionUrl);
    if (ends === 'no colour serves') {
      if (answered.ok > 0)
        broken(1, `expected no colour to serve, yet ${answered.ok}/${probes} probes were answered`);
    } else {
      if (weights[ends] !== 100) broken(1, `weights ${JSON.stringify(weights)}, expected 100% ${ends}`);
      const wrong = answered.colours.filter((colour) => colour !== ends);
      if (answered.ok !== probes || wrong.length > 0)
        broken(1, `${answered.ok}/${probes} probes served, by ${JSON.stringify(answered.colours)}`);
    }

    // 2. The lock: free, unless no colour serves, when it is kept and a critical page says why.
    const lock = await world.ports.store.readLock(`${name}#${world.environment}`);
    if (ends === 'no colour serves') {
      const paged = [...world.ports.outbox.sent, ...world.ports.pager.sent].some(
        (n) => n.severity === 'critical' && /FAILED|no colour/i.test(n.subject),
      );
      if (!lock) broken(2, 'no colour serves, but the lock was released');
      if (!paged) broken(2, 'no colour serves, and no critical page says so');
    } else if (lock) {
      broken(2, `lock still held by ${lock.owner}`);
    }

    // 3 and 5. Every deployment of this service that passed Preflight is closed, and its people heard.
    for (const execution of outcome.executions.filter((e) => serviceOf(e) === name)) {
      const id = deploymentIdFor(requestedId(execution), execution.executionArn);
      const record = await world.ports.store.getDeployment(id);
      if (!record || record.executionId !== execution.executionArn) continue; // refused before it changed anything
      const audit = await world.ports.store.listAudit(id);
      const types = audit.map((event) => event.type);
      if (record.status === 'running' && ends !== 'no colour serves')
        broken(3, `${id} (${execution.status}) left "running"`);
      if (!types.includes('outcome') && ends !== 'no colour serves')
        broken(3, `${id} has no outcome in its audit trail`);
      const told = audit.some(
        (event) =>
          (event.type === 'notification.sent' || event.type === 'notification.failed') &&
          finalTemplates.has(String(event.detail.template)),
      );
      if (!told)
        broken(5, `${id}: no final notification sent, and no failure recorded (${types.join(', ')})`);
    }

    // 4. Every write a client saw acknowledged (201) is in the database, row by row.
    const acknowledged = outcome.load.get(name)?.writesAcknowledged ?? [];
    const rows = await service.db.query<{ id: number }>('SELECT id FROM orders');
    const stored = new Set(rows.rows.map((row) => Number(row.id)));
    const lost = acknowledged.filter((id) => !stored.has(id));
    if (lost.length > 0)
      broken(
        4,
        `${lost.length} of ${acknowledged.length} acknowledged orders missing: ${lost.slice(0, 5).join(', ')}`,
      );
    if (acknowledged.length === 0) broken(4, 'no write was acknowledged at all: the load did not run');
  }
  return found;
}

/** What the production listener answers to GET /, by the colour that answered. */
async function probe(productionUrl: string): Promise<{ ok: number; colours: (Colour | string)[] }> {
  const colours: string[] = [];
  let ok = 0;
  for (let i = 0; i < probes; i++) {
    try {
      const response = await fetch(new URL('/', productionUrl), { signal: AbortSignal.timeout(5000) });
      await response.arrayBuffer();
      if (response.ok) ok += 1;
      colours.push(response.headers.get('x-colour') ?? `status ${response.status}`);
    } catch (error) {
      colours.push(`no answer (${(error as Error).message})`);
    }
  }
  return { ok, colours: [...new Set(colours)] };
}

function parsedInput(execution: ExecutionRecord): { service?: string; deploymentId?: string } {
  return JSON.parse(execution.input) as { service?: string; deploymentId?: string };
}
const serviceOf = (execution: ExecutionRecord) => parsedInput(execution).service;
const requestedId = (execution: ExecutionRecord) => parsedInput(execution).deploymentId;
