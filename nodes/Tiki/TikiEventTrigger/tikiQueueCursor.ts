/**
 * Where one poll stands in the node's Tiki queue. Each pull sends `ackId`, which acknowledges the batch it
 * belongs to; `ackId` only ever names a batch with nothing left to hand to n8n (handed over whole by an earlier
 * poll, or holding nothing for this node), so a pull never acknowledges events n8n has not been given.
 */
export class TikiQueueCursor {
	/** Whether this poll already made a new queue: it makes at most one. */
	recreated = false;

	constructor(
		public queueCode: string,
		public ackId: string | null,
	) {}

	/** The batch has nothing left to hand over: the next pull may acknowledge it. */
	settled(batchAckId: string | null | undefined): void {
		this.ackId = batchAckId ?? this.ackId;
	}

	/** Tiki no longer has the queue: the new one starts with no ack_id of the old one. */
	restart(queueCode: string): void {
		this.queueCode = queueCode;
		this.recreated = true;
		this.ackId = null;
	}
}
