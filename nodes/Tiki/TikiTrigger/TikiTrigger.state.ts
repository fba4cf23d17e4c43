import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { nodeState } from '../../shared/memory/nodeState';
import type { Unregistered } from '../../shared/inbound/registering';
import type { TikiBasicPair } from './TikiTrigger.authentication';

/** What activation leaves between create() and webhook(), in the node's state. */
export interface TikiWebhookState extends IDataObject {
	/** The events this node registered its URL for. */
	events?: string[];
	/**
	 * The SHA-256 of the Basic pair granted to Tiki (tikiGrantDigest). Deliveries are checked against the pair the
	 * credential derives now; this digest only lets checkExists notice that the credential changed since the grant.
	 */
	grantDigest?: string;
	/** The pair itself, as versions before digests kept it; the next registration replaces it by its digest. */
	grant?: TikiBasicPair;
}

export function tikiWebhookState(context: IHookFunctions | IWebhookFunctions): TikiWebhookState {
	return nodeState<TikiWebhookState>(context);
}

/** What n8n's log says of a request that comes before activation granted the pair (registering.ts). */
export const TIKI_UNREGISTERED: Unregistered = {
	lacks: 'Basic pair granted to Tiki',
	guidance: 'The pair is granted when the workflow is activated: if no activation is under way, deactivate the workflow and activate it again.',
};

/** Whether activation granted Tiki a pair, so that deliveries can carry one. */
export function hasTikiGrant(state: TikiWebhookState): boolean {
	return Boolean(state.grantDigest || state.grant);
}
