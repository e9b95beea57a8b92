/**
 * Severity routing: info, warning and critical each go to their own topic, and critical also
 * pages. Every target is tried even when another fails, so a broken pager never silences the
 * email topic; the failures are reported together afterwards (the ASL's Notify catches them,
 * so a notification that fails to send never blocks a rollback).
 */
import type { Notification, Notifier, Severity } from '../ports/notifier.ts';
import { limitNotification } from './limits.ts';

export interface SeverityRoutes<Target> {
  readonly info: Target;
  readonly warning: Target;
  readonly critical: Target;
  /** Also receives every critical notification. */
  readonly pager?: Target;
}

/** The targets of a severity, in order: its own topic, then the pager for critical. */
export function targetsFor<Target>(severity: Severity, routes: SeverityRoutes<Target>): Target[] {
  return severity === 'critical' && routes.pager !== undefined
    ? [routes.critical, routes.pager]
    : [routes[severity]];
}

/** A Notifier that applies the size limits and fans out by severity. */
export class SeverityRoutingNotifier implements Notifier {
  constructor(private readonly routes: SeverityRoutes<Notifier>) {}

  async send(notification: Notification): Promise<void> {
    const limited = limitNotification(notification);
    const results = await Promise.allSettled(
      targetsFor(limited.severity, this.routes).map((t) => t.send(limited)),
    );
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failures.length > 0) {
      throw new AggregateError(
        failures.map((f) => f.reason),
        `${failures.length} of ${results.length} targets did not receive "${limited.subject}"`,
      );
    }
  }
}
