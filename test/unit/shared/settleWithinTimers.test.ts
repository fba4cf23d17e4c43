import { settleWithin } from '../../../nodes/shared/transport/timeLimit';
import { N8N_CORE_MAJOR } from '../../../dev/n8nCoreVersion';

/**
 * With the n8n-workflow of the n8n the tests run on (2.41.1 here, 1.123.81 in the compat-core project): the wait of
 * a call out is cancelled once its work has settled, so no timer is left behind for the rest of its time.
 */
describe(`settleWithin on n8n ${N8N_CORE_MAJOR}.x`, () => {
	it('leaves no timer behind once the work has settled, however long the limit', async () => {
		jest.useFakeTimers();
		try {
			const onTimeUp = jest.fn(() => 'late');
			expect(await settleWithin(Promise.resolve('done'), 20_000, onTimeUp)).toBe('done');
			await jest.advanceTimersByTimeAsync(0);
			expect(jest.getTimerCount()).toBe(0);
			expect(onTimeUp).not.toHaveBeenCalled();
		} finally {
			jest.useRealTimers();
		}
	});

	it('still ends the wait by the limit when the work is late', async () => {
		const late = new Promise<string>((resolve) => setTimeout(() => resolve('done'), 1_000));
		expect(await settleWithin(late, 20, () => 'late')).toBe('late');
	});
});
