export type ConcurrencyLimit = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * Runs at most `concurrency` of the tasks given to it at once; the others wait, in the order given.
 * This is the part of p-limit the nodes use: n8n 2.x provides p-limit to community packages, but n8n
 * 1.x ships no copy of it, and there a package that imports it fails to load.
 */
export function concurrencyLimit(concurrency: number): ConcurrencyLimit {
	const slots = Math.max(1, Math.floor(concurrency));
	let running = 0;
	const waiting: Array<() => void> = [];
	// a finished task hands its slot straight to the next waiting one, so no newcomer can slip in between
	const release = () => {
		const next = waiting.shift();
		if (next) next();
		else running--;
	};
	return async <T>(task: () => Promise<T>): Promise<T> => {
		if (running < slots) running++;
		else await new Promise<void>((resolve) => waiting.push(resolve));
		try {
			return await task();
		} finally {
			release();
		}
	};
}
