import { TerminalError } from '../errors.ts';

/**
 * Errors only the DR drill raises. The ASL never names them in a Retry (they are terminal)
 * and catches them with `States.ALL`, so they need no entry in `errorClasses`.
 */

/** The restore failed, or the temporary instance did not become available within its bound. */
export class RestoreFailedError extends TerminalError {}

/** The temporary instance could not be deleted: someone must delete it by hand. */
export class CleanupFailedError extends TerminalError {}

/** The integrity check cannot run here (e.g. no database credentials configured). */
export class IntegrityUnavailableError extends TerminalError {}
