import type { Command } from 'commander';
import { InvalidRequestError } from '../../errors.ts';
import { startServe } from '../../local-world/serve.ts';
import { localMigrator } from '../local-migrations.ts';

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
    .option('--rps <n>', 'background traffic, requests per second', '50')
    .option('--database-url <url>', 'a real PostgreSQL server (default: $DATABASE_URL, else embedded PGlite)')
    .action(
      async (cli: { port: string; host: string; timeScale: string; rps: string; databaseUrl?: string }) => {
        const port = Number(cli.port);
        if (!Number.isInteger(port) || port < 0 || port > 65_535) {
          throw new InvalidRequestError(`--port: expected a port number from 0 to 65535, got "${cli.port}"`);
        }
        const databaseUrl = cli.databaseUrl ?? process.env.DATABASE_URL;
        const serve = await startServe({
          port,
          host: cli.host,
          timeScale: Number(cli.timeScale),
          rps: Number(cli.rps),
          ...(databaseUrl ? { databaseUrl } : {}),
          migrator: localMigrator,
        });
        const [deployArn] = serve.stateMachineArns;
        process.stdout.write(
          [
            `Greenlight local world is up (database: ${serve.world.engine.kind}, clock ×${cli.timeScale}).`,
            `  Step Functions endpoint: ${serve.endpoint}`,
            `  state machines:          ${serve.stateMachineArns.join(', ')}`,
            `  production listener:     ${serve.world.service().router.productionUrl}`,
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
            `    --input '{"service":"shop","environment":"local","version":"1.1.0","image":"local/shop:1.1.0","releaseType":"minor","changeRequestId":"CHG-1","requestedBy":"me"}'`,
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
