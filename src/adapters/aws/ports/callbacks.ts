import { SFNClient } from '@aws-sdk/client-sfn';
import type { PortFactory } from '../aws-ports.ts';
import { SfnCallbacks } from '../sfn-callbacks.ts';

/** SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat on the waiting tasks. */
export const sfnCallbacks: PortFactory<'callbacks'> = (context) => () =>
  new SfnCallbacks({ client: new SFNClient(context.clientConfig) });
