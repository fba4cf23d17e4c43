import type { AuthenticationFailure } from '../../shared';
import { basicFailure } from '../../shared';
import type { TikiBasicPair } from './tikiBasicPair';

export function tikiBasicFailure(authorization: string | undefined, grant: TikiBasicPair): AuthenticationFailure {
	return basicFailure(authorization, grant.id, {
		userField: 'the Basic ID this node granted Tiki',
		passwordField: 'the Basic secret this node granted Tiki',
		fix: 'Tiki sends the one Basic pair last granted for the seller. If another Tiki Trigger of this seller (with another credential, or another Webhook Basic ID / Secret) granted its pair since, listen again or re-activate this workflow so that this node grants its own; check that no proxy removes the Authorization header.',
	});
}
