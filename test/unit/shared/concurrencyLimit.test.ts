import { concurrencyLimit } from '../../../nodes/shared/transport/concurrencyLimit';

/** A task that records how many tasks run with it, and finishes when told. */
function gatedTasks() {
	let running = 0;
	let most = 0;
	const gates: Array<() => void> = [];
	const started: number[] = [];
	const task = (id: number, fail = false) => async () => {
		started.push(id);
		most = Math.max(most, ++running);
		await new Promise<void>((resolve) => gates.push(resolve));
		running--;
		if (fail) throw new Error(`task ${id} failed`);
		return id;
	};
	const finishOne = async () => {
		gates.shift()?.();
		await new Promise((resolve) => setImmediate(resolve));
	};
	return { task, finishOne, started, most: () => most };
}

describe('concurrencyLimit', () => {
	it('runs at most the given number of tasks at once, the rest in the order given, and returns each result', async () => {
		const limit = concurrencyLimit(2);
		const { task, finishOne, started, most } = gatedTasks();
		const results = Promise.all([1, 2, 3, 4, 5].map((id) => limit(task(id))));
		await new Promise((resolve) => setImmediate(resolve));
		expect(started).toEqual([1, 2]);
		for (let finished = 0; finished < 5; finished++) await finishOne();
		expect(await results).toEqual([1, 2, 3, 4, 5]);
		expect(started).toEqual([1, 2, 3, 4, 5]);
		expect(most()).toBe(2);
	});

	it('gives a failed task\'s slot to the next one, and a newcomer never runs beside a waiting task', async () => {
		const limit = concurrencyLimit(1);
		const { task, finishOne, started, most } = gatedTasks();
		const first = limit(task(1, true));
		const second = limit(task(2));
		await new Promise((resolve) => setImmediate(resolve));
		await finishOne();
		const third = limit(task(3));
		await expect(first).rejects.toThrow('task 1 failed');
		await finishOne();
		await finishOne();
		expect(await Promise.all([second, third])).toEqual([2, 3]);
		expect(started).toEqual([1, 2, 3]);
		expect(most()).toBe(1);
	});
});
