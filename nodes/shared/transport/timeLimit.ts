import * as n8nWorkflow from 'n8n-workflow';

type CancellableSleep = (ms: number, signal: AbortSignal) => Promise<void>;

/**
 * A sleep that ends, timer cleared, when its signal aborts. n8n 2.x's `sleep` does (its signal cancels the wait);
 * n8n 1.x's ignores the signal, and its `sleepWithAbort` does it instead, rejecting: both end the wait here.
 */
const cancellableSleep: CancellableSleep = (n8nWorkflow as { sleepWithAbort?: CancellableSleep }).sleepWithAbort ?? n8nWorkflow.sleep;

const LONGEST_TIMER_MS = 2 ** 31 - 1;

/**
 * What `work` settles to, or what `onTimeUp` gives (or throws) once `ms` have passed without it: the caller's
 * wait ends then, whatever `work` still does (a socket that never answers, a token request made inside n8n).
 * n8n's lint allows only its own sleep: cancelled once the work has settled (cancellableSleep), so no timer is
 * left behind; a sleep that cannot be cancelled runs out unheard.
 */
export async function settleWithin<T>(work: Promise<T>, ms: number, onTimeUp: () => T): Promise<T> {
	// a timer longer than 2^31 - 1 ms fires at once: that long is no limit
	if (!(ms <= LONGEST_TIMER_MS)) return await work;
	const settled = new AbortController();
	const never = async () => await new Promise<T>(() => {});
	// a sleep that cannot be cancelled ends after the work has settled: onTimeUp is not called then
	const timeUp = cancellableSleep(Math.max(0, ms), settled.signal).then(async () => (settled.signal.aborted ? await never() : onTimeUp()), never);
	try {
		return await Promise.race([work, timeUp]);
	} finally {
		settled.abort();
	}
}

/** A duration as a sentence says it: `30 s`, `9.5 s`, `0.2 s`. */
export function inSeconds(ms: number): string {
	return `${Number((Math.max(0, ms) / 1000).toFixed(1))} s`;
}
