import type { TikiEventQueueState } from './TikiEventTrigger.state';

/**
 * Polls in a row in which "Fetch Full Order" may fail for an event before the event is emitted with the
 * error instead of its order: a short outage of Tiki's order API delays the queue, a fault that persists does
 * not stall it.
 */
export const ORDER_FETCH_POLLS = 3;

/** Events whose failed fetches are counted at once: those of the batch the queue waits on, and some more. */
const EVENTS_COUNTED = 100;

/**
 * The polls in which an event's order could not be fetched, per event id, in the node's static data. A poll
 * whose fetch fails returns normally (so that n8n keeps the count, which it drops with a failed poll's
 * static data) and leaves its batch unacknowledged for the next poll.
 */
export class OrderFetchAttempts {
	constructor(private readonly state: TikiEventQueueState) {}

	/** Counts one more failed poll for the event; exhausted once it has failed in ORDER_FETCH_POLLS polls. */
	failed(eventId: string): { attempt: number; exhausted: boolean } {
		const counts = { ...this.state.orderFetchFailures };
		delete counts[eventId];
		const attempt = (this.state.orderFetchFailures?.[eventId] ?? 0) + 1;
		const kept = Object.entries(counts).slice(-(EVENTS_COUNTED - 1));
		this.state.orderFetchFailures = Object.fromEntries([...kept, [eventId, attempt]]);
		return { attempt, exhausted: attempt >= ORDER_FETCH_POLLS };
	}

	/** Forgets the event's count once its item is handed over. */
	settled(eventId: string): void {
		const counts = this.state.orderFetchFailures;
		if (!counts || !(eventId in counts)) return;
		const rest = Object.entries(counts).filter(([id]) => id !== eventId);
		if (rest.length === 0) delete this.state.orderFetchFailures;
		else this.state.orderFetchFailures = Object.fromEntries(rest);
	}
}
