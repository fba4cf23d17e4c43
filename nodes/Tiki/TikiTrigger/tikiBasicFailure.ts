import type { AuthenticationFailure } from '../../shared/inbound/authenticationFailure';
import { basicFailure } from '../../shared/inbound/authenticationFailure';
import type { TikiBasicPair } from './tikiBasicPair';

export function tikiBasicFailure(authorization: string | undefined, grant: TikiBasicPair): AuthenticationFailure {
	return basicFailure(authorization, grant.id, {
		userField: 'the Basic ID the Tiki OAuth2 API credential gives',
		passwordField: 'the Basic secret the Tiki OAuth2 API credential gives',
		fix: 'Tiki sends the one Basic pair last granted for the seller; every Tiki Trigger of one credential grants the same pair, derived from it. If a Tiki Trigger with another credential (or another Webhook Basic ID / Secret) granted its pair since, listen again or re-activate this workflow so that its pair is granted; check that no proxy removes the Authorization header.',
	});
}
