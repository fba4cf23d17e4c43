/** The most events one poll emits unless the node's "Max Events per Poll" says otherwise. */
export const DEFAULT_MAX_EVENTS_PER_POLL = 500;

/**
 * Polls in a row in which "Fetch Full Order" may fail for an event before the event is emitted with the
 * error instead of its order: a short outage of Tiki's order API delays the queue, a fault that persists does
 * not stall it.
 */
export const ORDER_FETCH_POLLS = 3;
