import { Annotations, CfnOutput, RemovalPolicy, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';
import { resourceTags } from '../src/core/resource-tags.ts';
import type { EnvironmentEntry } from './config-schema.ts';
import { Greenlight, type GreenlightProps } from './greenlight.ts';

export interface GreenlightStackProps extends StackProps {
  /** One validated environment from `config/greenlight.config.json`. */
  readonly entry: EnvironmentEntry;
  /** Overrides for the construct (tests point `projectRoot` elsewhere, for example). */
  readonly overrides?: Partial<Omit<GreenlightProps, 'config'>>;
}

/** Greenlight for one environment, in its own stack. */
export class GreenlightStack extends Stack {
  readonly greenlight: Greenlight;

  constructor(scope: Construct, id: string, props: GreenlightStackProps) {
    super(scope, id, props);
    const { config, aws } = props.entry;
    // Not on dashboards: CloudFormation only lately accepts their Tags (2026-06), and regions or
    // linters that do not yet know the property would refuse the whole stack for a label.
    for (const [key, value] of Object.entries(resourceTags(config.environment, config.costAllocationTags))) {
      Tags.of(this).add(key, value, { excludeResourceTypes: ['AWS::CloudWatch::Dashboard'] });
    }
    this.greenlight = new Greenlight(this, 'Greenlight', {
      config,
      notificationEmails: aws.notificationEmails,
      drSchedule: aws.dr,
      logRetention: aws.logRetentionDays,
      removalPolicy: aws.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      databaseSecrets: aws.databaseSecrets,
      ...(aws.taskDefinitions && { taskDefinitions: aws.taskDefinitions }),
      migrationsDirs: aws.migrationsDirs,
      ...(aws.databaseVpc && { databaseVpc: this.importVpc(aws.databaseVpc) }),
      ...props.overrides,
    });
    // What the operator CLI needs on AWS: `greenlight approve|reject --approval-url` signs its
    // decision for this URL; `greenlight history|show --table` reads the audit records here.
    new CfnOutput(this, 'ApprovalApiUrl', {
      key: 'ApprovalApiUrl',
      description: 'IAM-authenticated approval API (greenlight approve/reject --approval-url)',
      value: this.greenlight.approvalUrl.url,
    });
    new CfnOutput(this, 'TableName', {
      key: 'TableName',
      description: 'Deployment records and audit trail (greenlight history/show --table)',
      value: this.greenlight.table.tableName,
    });
  }

  /** References the database VPC by ids from the config: no lookups, so synth stays offline. */
  private importVpc(settings: NonNullable<EnvironmentEntry['aws']['databaseVpc']>) {
    return {
      vpc: ec2.Vpc.fromVpcAttributes(this, 'DatabaseVpc', {
        vpcId: settings.vpcId,
        availabilityZones: settings.availabilityZones,
      }),
      subnets: {
        subnets: settings.subnetIds.map((id) => {
          const subnet = ec2.Subnet.fromSubnetId(this, id, id);
          // Lambda placement needs only the subnet id; nothing reads the route table.
          Annotations.of(subnet).acknowledgeWarning(
            '@aws-cdk/aws-ec2:noSubnetRouteTableId',
            'only the subnet id is used',
          );
          return subnet;
        }),
      },
      securityGroups: settings.securityGroupIds.map((id) =>
        ec2.SecurityGroup.fromSecurityGroupId(this, id, id),
      ),
    };
  }
}
