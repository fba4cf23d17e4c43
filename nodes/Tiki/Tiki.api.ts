import { TIKI } from '../../credentials/platforms/tiki';
import type { TikiCredential } from '../../credentials/platforms/tiki';
import type { PlatformRequest } from '../shared/transport/platformRequest';

/** What the clients of both Tiki triggers share: the credential, and where Tiki's Open API is for it. */
export const TIKI_PLATFORM: Pick<PlatformRequest, 'credentialType' | 'credentialDisplayName' | 'name' | 'locate' | 'renewsToken'> = {
	credentialType: TIKI.credential,
	renewsToken: true,
	credentialDisplayName: TIKI.credentialDisplayName,
	name: 'Tiki',
	locate(credential: TikiCredential) {
		if (credential.environment === 'custom') {
			return { baseUrl: credential.baseUrl ?? '', configured: [{ url: credential.baseUrl ?? '', field: 'Custom Base URL' }] };
		}
		const url = credential.baseUrl || TIKI.hosts.production;
		return { baseUrl: url, configured: [{ url, field: 'Environment' }] };
	},
};
