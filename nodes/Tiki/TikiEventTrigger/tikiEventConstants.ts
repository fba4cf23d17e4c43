/** The most events one poll emits unless the node's "Max Events per Poll" says otherwise. */
export const DEFAULT_MAX_EVENTS_PER_POLL = 500;
