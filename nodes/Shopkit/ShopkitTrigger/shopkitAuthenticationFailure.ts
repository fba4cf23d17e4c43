import type { AuthenticationFailure } from '../../shared/inbound/authenticationFailure';
import { secretFailure, shown } from '../../shared/inbound/authenticationFailure';

export function shopkitUrlSecretFailure(received: string | undefined): AuthenticationFailure {
	return secretFailure(
		received,
		'secret URL parameter',
		'the secret this node registered with Shopkit',
		'Only the webhooks this node registers with Shopkit carry it: do not paste the node’s URL into the Shopkit dashboard by hand. To test, make the event happen in your store (create, pay or update an order) while the node listens.',
	);
}

export function shopkitUserAgentFailure(userAgent: string | undefined): AuthenticationFailure {
	return {
		reason: `its User-Agent header is ${shown(userAgent)}, not "Shopkit-Webhook"`,
		fix: 'Shopkit sends User-Agent: Shopkit-Webhook. If a proxy in front of n8n rewrites it, turn off the node’s Check User-Agent option.',
	};
}
