import type { TikiEventQueueState } from './TikiEventTrigger.state';

/**
 * The ids of the events this node handed to n8n most recently, to drop the ones Tiki delivers again (its
 * queue delivers at least once). Ids taken during a poll are written to the state only by `commit()`, once the
 * poll hands its items to n8n: a poll that fails remembers nothing, so the events it pulled are emitted when
 * Tiki delivers them again. n8n saves a poll node's state with the items poll() returns, and polls of one node do
 * not overlap (onePollAtATime.ts), so a plain list suffices (the shared DeliveryLedger remembers at once, across
 * concurrent webhook requests, which is what a poll must not do). When full, the oldest id is forgotten first.
 */
export class RecentEventIds {
	private readonly known: Set<string>;
	private readonly taken: string[] = [];

	constructor(
		private readonly state: TikiEventQueueState,
		private readonly capacity: number,
	) {
		this.known = new Set(state.recentEventIds ?? []);
	}

	/** True when `id` was handed to n8n before, or taken in this poll. */
	has(id: string): boolean {
		return this.known.has(id);
	}

	/** Takes the ids of events whose items this poll hands to n8n. */
	take(ids: readonly string[]): void {
		for (const id of ids) {
			if (this.known.has(id)) continue;
			this.known.add(id);
			this.taken.push(id);
		}
	}

	commit(): void {
		if (this.taken.length === 0) return;
		this.state.recentEventIds = [...(this.state.recentEventIds ?? []), ...this.taken].slice(-this.capacity);
		this.taken.length = 0;
	}
}
