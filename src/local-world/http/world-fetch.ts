import { type WorldClock, workHeader } from '../clock/world-clock.ts';

/**
 * `fetch` inside the world: the exchange is one unit of work (its id travels in the work
 * header, so an app server's latency lets world time pass), and the whole body is read before
 * it ends, so no world time passes with a response half-read.
 */
export function worldFetch(clock: WorldClock): typeof fetch {
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const unit = clock.beginWork(`fetch ${url}`);
    try {
      const headers = new Headers(init?.headers);
      headers.set(workHeader, unit.id);
      const response = await fetch(input, { ...init, headers });
      const body = await response.arrayBuffer();
      return new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    } finally {
      unit.end();
    }
  };
}

/** An AbortSignal that aborts `ms` world milliseconds from now, as AbortSignal.timeout does in real time. */
export function worldTimeoutSignal(clock: WorldClock, ms: number): AbortSignal {
  const controller = new AbortController();
  clock.setTimeout(ms, () => controller.abort(new DOMException(`no answer within ${ms} ms`, 'TimeoutError')));
  return controller.signal;
}

/**
 * A pause inside the world's work (a handler pacing its requests): the caller's unit waits on
 * a child that sleeps on the clock, so world time passes meanwhile.
 */
export function worldSleep(clock: WorldClock): (ms: number) => Promise<void> {
  return async (ms) => {
    const unit = clock.beginWork(`pause ${ms} ms`);
    try {
      await unit.sleep(ms);
    } finally {
      unit.end();
    }
  };
}
