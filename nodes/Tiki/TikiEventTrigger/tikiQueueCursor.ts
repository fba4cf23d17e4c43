/**
 * Where one poll stands in the node's Tiki queue. Each pull sends `ackId`, which acknowledges the batch
 * pulled before it; `handedAckId` is what the next poll starts from: the ack_id of the last batch whose
 * items this poll hands over (or of the pull that found the queue empty, which acknowledged them all).
 */
export class TikiQueueCursor {
	ackId: string | null;
	handedAckId: string | null;
	/** Whether this poll already made a new queue: it makes at most one. */
	recreated = false;

	constructor(
		public queueCode: string,
		ackId: string | null,
	) {
		this.ackId = ackId;
		this.handedAckId = ackId;
	}

	/** The batch's items are handed over: the next pull acknowledges it. */
	handOver(batchAckId: string | null | undefined): void {
		this.ackId = batchAckId ?? this.ackId;
		this.handedAckId = this.ackId;
	}

	/** The queue came back empty: the pull that found it so acknowledged every batch before. */
	drained(batchAckId: string | null | undefined): void {
		this.handedAckId = batchAckId ?? this.handedAckId;
	}

	/** Tiki no longer has the queue: the new one starts with no ack_id of the old one. */
	restart(queueCode: string): void {
		this.queueCode = queueCode;
		this.recreated = true;
		this.ackId = this.handedAckId = null;
	}
}
