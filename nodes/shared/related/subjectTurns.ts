import type { IWebhookFunctions } from 'n8n-workflow';

import { nodeScope, nodeScopedMap } from '../memory/nodeMemory';

/** A delivery's place among the deliveries of its subject (an order, a product) in this process. */
export interface SubjectTurn {
	/** Settles once every earlier delivery of the subject has been handed over (or refused). */
	ready: Promise<void>;
	/** Whether an earlier delivery of the subject was still being handed over when this one took its turn. */
	waits: boolean;
	/** Ends this delivery's turn: called when its webhook() returns. */
	end(): void;
}

/** Per node scope and subject: the end of the last turn taken. */
const lastTurns = nodeScopedMap<Promise<void>>();

const NO_TURN: SubjectTurn = { ready: Promise.resolve(), waits: false, end: () => undefined };

/**
 * Takes a turn among the deliveries of one subject, so that an order's events start their workflows in the order
 * they were accepted, also when an earlier one waits longer for its records. Each waits at most for the turns
 * before it, and each of those ends within its own fetch deadline.
 */
export function takeSubjectTurn(context: Pick<IWebhookFunctions, 'getWorkflow' | 'getNode' | 'getMode'>, subject: string | undefined): SubjectTurn {
	if (subject === undefined) return NO_TURN;
	const key = `${nodeScope(context)}:${subject}`;
	const before = lastTurns.get(key);
	let endTurn: () => void = () => undefined;
	const ended = new Promise<void>((resolve) => (endTurn = resolve));
	lastTurns.set(key, ended);
	return {
		ready: before ?? Promise.resolve(),
		waits: before !== undefined,
		end: () => {
			endTurn();
			if (lastTurns.get(key) === ended) lastTurns.delete(key);
		},
	};
}
