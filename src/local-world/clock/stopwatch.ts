/**
 * Real elapsed time, for reporting how long a run took on this machine and how many real
 * requests per second it pushed. It never feeds a decision of the world: that is what makes
 * a result the same on any machine.
 */
export function startStopwatch(): () => number {
  const startedAt = performance.now();
  return () => (performance.now() - startedAt) / 1000;
}
