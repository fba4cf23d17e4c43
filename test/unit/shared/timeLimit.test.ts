import { settleWithin } from '../../../nodes/shared/transport/timeLimit';

/** n8n 1.x's sleep: it takes no signal, so its wait always runs out. */
jest.mock('n8n-workflow', () => ({
	...jest.requireActual<object>('n8n-workflow'),
	sleep: async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms)),
}));

function later<T>(value: T, ms: number): Promise<T> {
	return new Promise((resolve) => setTimeout(() => resolve(value), ms));
}

describe('settleWithin, with a sleep that cannot be cancelled (n8n 1.x)', () => {
	it('settles as the work does, and does not call onTimeUp when the wait runs out afterwards', async () => {
		jest.useFakeTimers();
		try {
			const onTimeUp = jest.fn(() => 'late');
			expect(await settleWithin(Promise.resolve('done'), 20, onTimeUp)).toBe('done');
			await jest.advanceTimersByTimeAsync(100);
			expect(jest.getTimerCount()).toBe(0);
			expect(onTimeUp).not.toHaveBeenCalled();
		} finally {
			jest.useRealTimers();
		}
	});

	it("ends the wait with onTimeUp's value, or its error, when the work is late", async () => {
		expect(await settleWithin(later('done', 1_000), 20, () => 'late')).toBe('late');
		await expect(
			settleWithin(later('done', 1_000), 20, () => {
				throw new Error('no answer within 0 s');
			}),
		).rejects.toThrow('no answer within 0 s');
	});

	it('takes a limit beyond the longest timer for none, rather than a timer that fires at once', async () => {
		const onTimeUp = jest.fn(() => 'late');
		expect(await settleWithin(later('done', 30), Number.POSITIVE_INFINITY, onTimeUp)).toBe('done');
		expect(onTimeUp).not.toHaveBeenCalled();
	});
});
