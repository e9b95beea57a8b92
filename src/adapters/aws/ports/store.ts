import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PortFactory } from '../aws-ports.ts';
import { DynamoDbStore } from '../dynamodb-store.ts';
import { optionalPositiveInt, requiredString } from '../env.ts';
import { envNames } from '../stack-env.ts';

/** The lock, records, audit trail and live colour in Greenlight's DynamoDB table. */
export const dynamoDbStore: PortFactory<'store'> = (context) => {
  const tableName = requiredString(
    context.env,
    envNames.tableName,
    "the name of Greenlight's DynamoDB table",
  );
  const auditRetentionDays = optionalPositiveInt(context.env, envNames.auditRetentionDays);
  return () =>
    new DynamoDbStore({
      tableName,
      auditRetentionDays,
      client: DynamoDBDocumentClient.from(new DynamoDBClient(context.clientConfig), {
        marshallOptions: { removeUndefinedValues: true },
      }),
    });
};
