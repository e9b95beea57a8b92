import type { Ports } from '../ports/index.ts';
import type { Notification, NotificationReceipt } from '../ports/notifier.ts';
import { audit } from './audit.ts';

/**
 * Sends a notification and records in the deployment's audit trail that it went out, or why it
 * did not: a page that never arrived is never a silent loss. The send's own error is rethrown
 * (the store may be down too, so a failed audit write never hides it).
 */
export async function sendAudited(
  ports: Ports,
  deploymentId: string,
  template: string,
  notification: Notification,
): Promise<void> {
  // biome-ignore lint/suspicious/noConfusingVoidType: what Notifier.send resolves to (see its comment)
  let receipt: NotificationReceipt | undefined | void;
  try {
    receipt = await ports.notifier.send(notification);
  } catch (error) {
    await audit(ports, deploymentId, 'notification.failed', {
      template,
      severity: notification.severity,
      subject: notification.subject,
      error: error instanceof Error ? error.message : String(error),
    }).catch(() => undefined);
    throw error;
  }
  await audit(ports, deploymentId, 'notification.sent', {
    template,
    subject: notification.subject,
    ...(receipt ? { via: receipt.via, primaryError: receipt.primaryError } : {}),
  });
}
