import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { parsePlanSpec } from '../../core/traffic-plan.ts';
import { InvalidRequestError } from '../../errors.ts';
import type { RunningServe } from '../../local-world/serve.ts';
import { kebabName } from '../../schema/request.ts';
import { localMigrator } from '../local-migrations.ts';
import { numberFlag } from '../number-flag.ts';

/** `greenlight serve`: the local world and its Step Functions endpoint, until Ctrl-C. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description(
      'start the local world and a Step Functions endpoint (AWS CLI and SDK compatible); runs until stopped',
    )
    .option('--port <n>', 'port of the Step Functions endpoint', '8083')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--time-scale <x>', 'world seconds per real second', '10')
    .option('--rps <n>', 'background traffic per service, requests per world second', '50')
    .option(
      '--services <names>',
      'the services the world runs, comma-separated, all behind one endpoint',
      'shop',
    )
    .option('--plan <weights>', 'traffic plan of every deployment: percent per step', '10,50,100')
    .option('--bake <seconds>', 'bake per step, world seconds', '60')
    .option(
      '--standby <seconds>',
      'blue hot standby after promotion, world seconds (long enough to try `greenlight rollback`)',
      '600',
    )
    .option('--database-url <url>', 'a real PostgreSQL server (default: $DATABASE_URL, else embedded PGlite)')
    .option(
      '--data-dir <dir>',
      'where embedded PGlite keeps the world, so it survives a crash or kill and resumes on restart',
      defaultDataDir,
    )
    .option('--in-memory', 'keep nothing: a fresh world that is gone when serve stops')
    .option(
      '--preset <name>',
      "serve a seed preset's policy (greenlight init --list-presets) instead of --plan/--bake/--standby",
    )
    .option('--config <file>', 'serve the policy of one environment of a Greenlight config file instead')
    .option(
      '--environment <name>',
      'which environment of --preset or --config (default: production, else its last)',
    )
    .action(
      async (
        cli: {
          preset?: string;
          config?: string;
          environment?: string;
          port: string;
          host: string;
          timeScale: string;
          rps: string;
          services: string;
          databaseUrl?: string;
          dataDir: string;
          inMemory?: boolean;
          plan: string;
          bake: string;
          standby: string;
        },
        command: Command,
      ) => {
        const policy = await servedPolicy(cli, command);
        const port = Number(cli.port);
        if (!Number.isInteger(port) || port < 0 || port > 65_535) {
          throw new InvalidRequestError(`--port: expected a port number from 0 to 65535, got "${cli.port}"`);
        }
        const timeScale = numberFlag('--time-scale', cli.timeScale, 1, 100_000);
        const rps = numberFlag('--rps', cli.rps, 0.1, 5_000);
        const services = parseServiceList(cli.services);
        const trafficPlan = parsePlanSpec(cli.plan, numberFlag('--bake', cli.bake, 1, 86_400));
        const standbySeconds = numberFlag('--standby', cli.standby, 1, 86_400 * 7);
        const databaseUrl = cli.databaseUrl ?? process.env.DATABASE_URL;
        const where = storageOf({ databaseUrl, dataDir: cli.dataDir, inMemory: cli.inMemory === true });
        if (where.dataDir) await mkdir(where.dataDir, { recursive: true });
        const { startServe } = await import('../../local-world/serve.ts');
        const serve = await startServe({
          port,
          host: cli.host,
          timeScale,
          rps,
          services,
          ...(databaseUrl ? { databaseUrl } : {}),
          ...(where.dataDir ? { dataDir: where.dataDir } : {}),
          ...(where.worldId ? { worldId: where.worldId } : {}),
          config: policy?.config ?? { trafficPlan, standbySeconds },
          migrator: localMigrator,
        });
        const [deployArn] = serve.stateMachineArns;
        process.stdout.write(
          [
            `Greenlight local world is up (database: ${serve.world.engine.kind}, clock ×${cli.timeScale}).`,
            `  kept in:                 ${where.description}`,
            ...(policy ? policy.lines.map((line) => `  ${line}`) : []),
            ...interruptedLines(serve),
            `  Step Functions endpoint: ${serve.endpoint}`,
            `  state machines:          ${serve.stateMachineArns.join(', ')}`,
            ...listenerLines(serve),
            `  approval API:            ${serve.approvalUrl}   (greenlight approve <id> --endpoint ${serve.endpoint} --approval-url ${serve.approvalUrl} --role cab --as you@example.com)`,
            `  audit API:               ${serve.auditUrl}   (greenlight history|show --endpoint ${serve.endpoint} --audit-url ${serve.auditUrl})`,
            '',
            'The operator commands find all three through the environment:',
            `  export GREENLIGHT_ENDPOINT=${serve.endpoint} GREENLIGHT_APPROVAL_URL=${serve.approvalUrl} GREENLIGHT_AUDIT_URL=${serve.auditUrl}`,
            '',
            'Try it with the AWS CLI:',
            '  export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=us-east-1 AWS_PAGER=',
            `  aws stepfunctions list-state-machines --endpoint-url ${serve.endpoint}`,
            `  aws stepfunctions start-execution --endpoint-url ${serve.endpoint} --state-machine-arn ${deployArn} --name deploy-1 \\`,
            `    --input '{"service":"${services[0]}","environment":"local","version":"1.1.0","image":"local/shop:1.1.0","releaseType":"minor","changeRequestId":"CHG-1","requestedBy":"me"}'`,
            '',
            'Ctrl-C stops it.',
            '',
          ].join('\n'),
        );
        await new Promise<void>((resolve) => {
          const stop = () => resolve();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        process.stdout.write('stopping...\n');
        await serve.close();
      },
    );
}

/** Where a served world lives between runs. */
export const defaultDataDir = '.greenlight/world';

interface Storage {
  readonly dataDir?: string;
  readonly worldId?: string;
  readonly description: string;
}

/** PGlite on a data directory, a named world on a server, or nothing kept (`--in-memory`). */
export function storageOf(options: { databaseUrl?: string; dataDir: string; inMemory: boolean }): Storage {
  if (options.inMemory) return { description: 'memory only (--in-memory): gone when serve stops' };
  if (options.databaseUrl)
    return {
      worldId: 'serve',
      description: 'the server named by --database-url, schemas gl_serve_* (kept across restarts)',
    };
  return {
    dataDir: resolve(options.dataDir),
    description: `${resolve(options.dataDir)} (kept across restarts; --in-memory keeps nothing)`,
  };
}

/** What a restart found: deployments that were running when the world last stopped. */
function interruptedLines(serve: RunningServe): string[] {
  const found = serve.world.interrupted;
  if (found.length === 0) return [];
  return [
    `  resumed: ${found.length} deployment(s) were running when the world stopped; each was reconciled as aborted:`,
    ...found.map(
      (record) =>
        `    ${record.deploymentId} (${record.service} ${record.version}): greenlight show ${record.deploymentId}`,
    ),
  ];
}

/** `shop,cart` → ['shop', 'cart'], refusing names a deployment request could never use. */
export function parseServiceList(text: string): string[] {
  const names = text.split(',').map((name) => name.trim());
  const bad = names.filter((name) => !kebabName.safeParse(name).success);
  if (bad.length > 0)
    throw new InvalidRequestError(
      `--services: ${bad.map((name) => `"${name}"`).join(', ')}: expected lower-case letters, digits and dashes, starting with a letter, comma-separated, e.g. --services shop,cart`,
    );
  const repeated = names.filter((name, i) => names.indexOf(name) !== i);
  if (repeated.length > 0) throw new InvalidRequestError(`--services: "${repeated[0]}" is named twice`);
  return names;
}

function listenerLines(serve: RunningServe): string[] {
  const services = [...serve.world.services.values()];
  const shown = services
    .slice(0, 5)
    .map((service) => `  production listener:     ${service.router.productionUrl}   (${service.name})`);
  return services.length > shown.length
    ? [...shown, `  ... and ${services.length - shown.length} more services`]
    : shown;
}

/**
 * The policy `--preset` or `--config` serves: one environment's, through the config's one
 * validation, less what the one-environment world cannot keep (the promotion rule, said so).
 * Null without either flag. Refuses --plan/--bake/--standby beside them: the policy sets those.
 */
async function servedPolicy(
  cli: { preset?: string; config?: string; environment?: string },
  command: Command,
): Promise<{ config: Record<string, unknown>; lines: string[] } | null> {
  if (cli.preset === undefined && cli.config === undefined) {
    if (cli.environment !== undefined) {
      throw new InvalidRequestError(
        '--environment: it picks an environment of --preset or --config; pass one of them',
      );
    }
    return null;
  }
  const beside = ['plan', 'bake', 'standby'].find((flag) => command.getOptionValueSource(flag) === 'cli');
  if (beside) {
    throw new InvalidRequestError(
      `--${beside}: ${cli.preset ? `the preset "${cli.preset}"` : cli.config} sets it; leave it out, or drop --preset/--config`,
    );
  }
  const { loadConfigFile } = await import('../../operator/load-environment.ts');
  const { evaluatePolicy } = await import('../../core/policy.ts');
  const { releaseTypes } = await import('../../schema/request.ts');
  const { file, name } = loadConfigFile({
    ...(cli.preset === undefined ? {} : { preset: cli.preset }),
    ...(cli.config === undefined ? {} : { config: cli.config }),
  });
  const environments = Object.keys(file.environments);
  const environment =
    cli.environment ?? (environments.includes('production') ? 'production' : environments.at(-1));
  const entry = environment === undefined ? undefined : file.environments[environment];
  if (!entry) {
    throw new InvalidRequestError(
      `--environment: "${cli.environment}" is not in ${name} (it has: ${environments.join(', ')})`,
    );
  }
  const { services: _services, environment: _name, contact: _contact, promotion, ...policy } = entry.config;
  // A fresh served world's clock starts at the real time (src/local-world/serve.ts); a resumed
  // one may run ahead of it. The decisions shown are for the real now, and say so.
  const nowMs = Date.now();
  const lines = [
    `policy:                  the ${environment} environment of ${name}`,
    ...(promotion
      ? [
          `                         (its promotion from ${promotion.requireSuccessIn} is not checked: this world has one environment)`,
        ]
      : []),
    '                         what Preflight would decide at the real time now (greenlight plan --preset … explains):',
    ...releaseTypes.map((releaseType) => {
      const decision = evaluatePolicy({
        request: { service: 'shop', environment: 'local', version: '0.0.0', releaseType },
        config: { ...policy, promotion: undefined },
        nowMs,
        succeededInPromotionSource: null,
      });
      // The first reason, cut short: greenlight plan gives them all.
      const why = decision.reasons[0] ?? '';
      const short = why.length > 90 ? `${why.slice(0, 89)}…` : why;
      return `  ${releaseType.padEnd(22)} ${decision.allowed ? 'may deploy now' : `refused now: ${short}`}`;
    }),
  ];
  return { config: policy, lines };
}
