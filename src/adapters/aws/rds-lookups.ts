import {
  type DBCluster,
  type DBInstance,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  type RDSClient,
} from '@aws-sdk/client-rds';
import { ResourceNotFoundError } from '../../errors.ts';
import { callAws, isSdkError } from './sdk-errors.ts';

/** The DB instance named `id`, or null when there is none (a name is free, or already renamed). */
export async function findDbInstance(client: RDSClient, id: string): Promise<DBInstance | null> {
  try {
    const response = await callAws({ operation: 'DescribeDBInstances', resource: id }, () =>
      client.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id })),
    );
    return response.DBInstances?.[0] ?? null;
  } catch (error) {
    if (error instanceof ResourceNotFoundError) return null;
    throw error;
  }
}

/** The Aurora cluster named `id`, or null when there is none. */
export async function findDbCluster(client: RDSClient, id: string): Promise<DBCluster | null> {
  try {
    const response = await callAws({ operation: 'DescribeDBClusters', resource: id }, () =>
      client.send(new DescribeDBClustersCommand({ DBClusterIdentifier: id })),
    );
    return response.DBClusters?.[0] ?? null;
  } catch (error) {
    if (error instanceof ResourceNotFoundError) return null;
    throw error;
  }
}

/** Runs a create/restore call; a retry that finds its instance or cluster already there succeeds. */
export async function ignoringAlreadyExists(work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (isSdkError(error, 'DBInstanceAlreadyExistsFault') || isSdkError(error, 'DBClusterAlreadyExistsFault'))
      return;
    throw error;
  }
}
