/**
 * Runs `steps` with Date.now() answering `start` plus each step's offset in turn: a platform's retry ladder
 * or retention window walked through without waiting. `run` gets the offset (ms) and does one delivery.
 */
export async function atTimes<T>(offsetsMs: number[], run: (offsetMs: number) => Promise<T>): Promise<T[]> {
	const start = Date.now();
	const clock = jest.spyOn(Date, 'now');
	const results: T[] = [];
	try {
		for (const offset of offsetsMs) {
			clock.mockReturnValue(start + offset);
			results.push(await run(offset));
		}
	} finally {
		clock.mockRestore();
	}
	return results;
}
