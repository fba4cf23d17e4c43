import type { AuthenticationFailure } from '../../shared/inbound/authenticationFailure';
import { secretFailure, shown } from '../../shared/inbound/authenticationFailure';

export function shopgateAddressFailure(address: string, expected: string): AuthenticationFailure {
	return {
		reason: `it comes from ${shown(address)}, not from Shopgate's address ${expected} for the credential's environment`,
		fix: "Behind a reverse proxy, set N8N_PROXY_HOPS so that n8n sees the sender's address, or turn off Only Accept Shopgate's IPs.",
	};
}

export function shopgateTokenFailure(received: string | undefined): AuthenticationFailure {
	return secretFailure(
		received,
		'shopgate-token header',
		"the merchant's webhook token (read again from Shopgate)",
		"Shopgate's webhook service sends the merchant's token with every delivery: this one came from elsewhere, or from another merchant. Check the Merchant Code and Environment of the Shopgate API credential.",
	);
}
