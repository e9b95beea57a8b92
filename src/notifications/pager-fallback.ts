/**
 * The critical path's last resort: a critical notification (a rollback, a failed rollback, a
 * reconciled execution) whose own topic cannot take it is sent to the pager topic instead, which
 * a paging service subscribes to. Info and warning notifications never page: their failure is
 * only recorded. The receipt says the fallback carried it, so the audit trail shows the primary
 * failed even though the page went out.
 */
import type { Notification, NotificationReceipt, Notifier } from '../ports/notifier.ts';

/** Whether a notification that its own topic refused goes to the pager instead. */
export const fallsBackToPager = (notification: Notification): boolean => notification.severity === 'critical';

export class PagerFallbackNotifier implements Notifier {
  constructor(
    private readonly primary: Notifier,
    private readonly pager: Notifier,
  ) {}

  async send(notification: Notification): Promise<NotificationReceipt | undefined> {
    try {
      return (await this.primary.send(notification)) ?? undefined;
    } catch (primaryError) {
      if (!fallsBackToPager(notification)) throw primaryError;
      const reason = primaryError instanceof Error ? primaryError.message : String(primaryError);
      try {
        await this.pager.send({ ...notification, subject: `[via pager fallback] ${notification.subject}` });
      } catch (pagerError) {
        throw new AggregateError(
          [primaryError, pagerError],
          `"${notification.subject}" reached neither its topic (${reason}) nor the pager topic (${
            pagerError instanceof Error ? pagerError.message : String(pagerError)
          })`,
        );
      }
      return { via: 'pager-fallback', primaryError: reason };
    }
  }
}
