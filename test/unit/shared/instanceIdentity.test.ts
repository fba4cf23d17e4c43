import { instanceTag, registeringInstance, withInstanceTag } from '../../../nodes/shared/lifecycle/instanceIdentity';
import { registrationOwnerFor } from '../../../nodes/shared/lifecycle/ownWebhookUrl';

const context = (instanceId: string, current = 'https://n8n.example.com/webhook/a1b2/webhook') => ({
	getInstanceId: () => instanceId,
	getNode: () => ({ webhookId: 'a1b2' }) as never,
	getNodeWebhookUrl: () => current,
});

describe('instance identity: which n8n registered a URL', () => {
	const production = context('production-instance-id');
	const staging = context('staging-instance-id', 'https://staging.example.com/webhook/a1b2/webhook');

	it('tags a URL with a short one-way tag of the instance id, keeping its query', () => {
		const tag = instanceTag(production);
		expect(tag).toMatch(/^[0-9a-f]{16}$/);
		expect(tag).not.toContain('production');
		expect(instanceTag(staging)).not.toBe(tag);
		expect(withInstanceTag('https://n8n.example.com/webhook/a1b2/webhook?secret=x', production)).toBe(
			`https://n8n.example.com/webhook/a1b2/webhook?secret=x&n8n-instance=${tag}`,
		);
	});

	it('tells this instance, another instance and no tag apart', () => {
		const url = withInstanceTag('https://n8n.example.com/webhook/a1b2/webhook', production);
		expect(registeringInstance(url, production)).toBe('this');
		expect(registeringInstance(url, staging)).toBe('another');
		expect(registeringInstance('https://n8n.example.com/webhook/a1b2/webhook', production)).toBe('untagged');
		expect(registeringInstance('not a url', production)).toBe('untagged');
	});

	it.each([
		['its own tagged URL on an older host (WEBHOOK_URL changed)', 'http://old.example.com/webhook/a1b2/webhook', 'production', 'sameKind'],
		['a tagged URL of another instance at the same path', 'https://n8n.example.com/webhook/a1b2/webhook', 'staging', 'foreign'],
		['an untagged URL at its current address (registered before tags)', 'https://n8n.example.com/webhook/a1b2/webhook', undefined, 'current'],
		['an untagged URL at the same path on another host', 'https://other.example.com/webhook/a1b2/webhook', undefined, 'foreign'],
		['an untagged test URL (production seen from a test listen is never taken)', 'https://n8n.example.com/webhook-test/a1b2/webhook', undefined, 'otherKind'],
	])('says whose %s is', (_case, url, taggedBy, owner) => {
		const tagged = taggedBy === 'production' ? withInstanceTag(url, production) : taggedBy === 'staging' ? withInstanceTag(url, staging) : url;
		expect(registrationOwnerFor(production)(tagged)).toBe(owner);
	});

	it('takes an untagged URL on another host for its own only where the node recorded registering it', () => {
		const old = 'http://old.example.com/webhook/a1b2/webhook';
		expect(registrationOwnerFor(production, (url) => url === old)(old)).toBe('sameKind');
	});
});
