import { SNSClient } from '@aws-sdk/client-sns';
import { PagerFallbackNotifier } from '../../../notifications/pager-fallback.ts';
import type { PortFactory } from '../aws-ports.ts';
import { requiredString } from '../env.ts';
import { SnsNotifier } from '../sns-notifier.ts';
import { envNames } from '../stack-env.ts';

/** The severity topics, with the pager topic as the critical path's last resort when the stack has one. */
export const snsNotifier: PortFactory<'notifier'> = (context) => {
  const topicArns = {
    info: requiredString(context.env, envNames.topicInfo, 'the ARN of the info SNS topic'),
    warning: requiredString(context.env, envNames.topicWarning, 'the ARN of the warning SNS topic'),
    critical: requiredString(context.env, envNames.topicCritical, 'the ARN of the critical SNS topic'),
  };
  const pagerTopicArn = context.env[envNames.topicPager];
  return () => {
    const client = new SNSClient(context.clientConfig);
    const topics = new SnsNotifier({ client, topicArns });
    if (!pagerTopicArn) return topics;
    const pager = new SnsNotifier({
      client,
      topicArns: { info: pagerTopicArn, warning: pagerTopicArn, critical: pagerTopicArn },
    });
    return new PagerFallbackNotifier(topics, pager);
  };
};
