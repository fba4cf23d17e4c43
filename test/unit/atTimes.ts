const HOUR = 60 * 60 * 1000;

/**
 * Runs `steps` with Date.now() answering `start` plus each step's offset in turn: a platform's retry ladder
 * or retention window walked through without waiting. `run` gets the offset (ms) and the step's index, and
 * does one delivery.
 */
export async function atTimes<T>(
	offsetsMs: number[],
	run: (offsetMs: number, step: number) => Promise<T>,
	start: number = Date.now(),
): Promise<T[]> {
	const clock = jest.spyOn(Date, 'now');
	const results: T[] = [];
	try {
		for (const [step, offset] of offsetsMs.entries()) {
			clock.mockReturnValue(start + offset);
			results.push(await run(offset, step));
		}
	} finally {
		clock.mockRestore();
	}
	return results;
}

/**
 * Runs `steps` deliveries at `offset(step)` from the next full hour: the memory of deliveries is kept per
 * hour, so a busy day starts where an hour does and the tests' hours are the ledger's.
 */
export function atPace<T>(steps: number, offset: (step: number) => number, run: (step: number) => Promise<T>): Promise<T[]> {
	const offsets = Array.from({ length: steps }, (_, step) => offset(step));
	return atTimes(offsets, (_offset, step) => run(step), Math.ceil(Date.now() / HOUR) * HOUR);
}
