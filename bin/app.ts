import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { GreenlightStack } from '../lib/greenlight-stack.ts';
import { loadGreenlightConfig } from '../lib/load-config.ts';
import { SampleAppStack } from '../lib/sample-app-stack.ts';

// bin/ only creates stacks: one per environment of the validated config.
const app = new App();
const contextPath = app.node.tryGetContext('config') as string | undefined;
const config = loadGreenlightConfig(
  contextPath
    ? resolve(contextPath)
    : fileURLToPath(new URL('../config/greenlight.config.json', import.meta.url)),
);

for (const [environment, entry] of Object.entries(config.environments)) {
  new GreenlightStack(app, `Greenlight-${environment}`, {
    entry,
    env:
      entry.aws.account || entry.aws.region
        ? { account: entry.aws.account, region: entry.aws.region }
        : undefined,
    description: `Greenlight blue/green deployments for ${environment}`,
  });
}

if (app.node.tryGetContext('sample') === 'true' || app.node.tryGetContext('sample') === true) {
  new SampleAppStack(app, 'GreenlightSampleApp', {
    description: 'Greenlight sample application (VPC, ALB, ECS, RDS)',
  });
}

// A cdk-nag AwsSolutions error fails the synth; every acknowledgement carries its reason.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
