import type { ICredentialsDecrypted } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { KinguinTrigger } from '../../../nodes/Kinguin/KinguinTrigger/KinguinTrigger.node';
import { NodeInN8nCore, stateIn } from '../../../dev/nodeInN8nCore';
import { KINGUIN_PRODUCT_UPDATE, kinguinHeaders } from '../../../dev/fixtures/kinguin';
import { kinguinTrigger } from './kinguinTriggerInCore';

describe('Kinguin Trigger: activation', () => {
	const methods = new KinguinTrigger().webhookMethods.default;

	it('has nothing to find at Kinguin, so every activation runs create, which remembers the URL it serves', async () => {
		const trigger = kinguinTrigger();
		expect(await methods.checkExists.call(trigger.hookContext())).toBe(false);
		expect(await methods.create.call(trigger.hookContext())).toBe(true);
		expect(stateIn(trigger.workflow.staticData)).toEqual({ webhookUrl: 'https://n8n.example.com/webhook/hook-id/webhook' });
		expect(await methods.checkExists.call(trigger.hookContext('init'))).toBe(false);
		expect(await methods.delete.call(trigger.hookContext('remove'))).toBe(true);
	});

	it('refuses to activate with a credential that has no secret, and says what to do', async () => {
		const trigger = kinguinTrigger({}, { secret: '' });
		const activation = methods.create.call(trigger.hookContext());
		await expect(activation).rejects.toThrow(NodeOperationError);
		await expect(activation).rejects.toMatchObject({
			message: 'The Kinguin Webhook API credential has no secret key',
			description: expect.stringContaining('Kinguin dashboard'),
		});
	});

	it.each([
		['one character', 'x', /Secret Key has 1 character: use at least 16/],
		['15 characters', '0123456789abcde', /Secret Key has 15 characters: use at least 16/],
		['padded with spaces', ' 0123456789abcdef ', /Secret Key starts or ends with a space/],
	])('refuses to activate with a secret of %s, naming the field, the rule and what to do', async (_case, secret, message) => {
		const activation = methods.create.call(kinguinTrigger({}, { secret }).hookContext());
		await expect(activation).rejects.toThrow(NodeOperationError);
		await expect(activation).rejects.toMatchObject({
			message: expect.stringMatching(message),
			description: expect.stringMatching(/Kinguin Webhook API credential, enter in Secret Key .* at least 16 random characters/),
		});
	});

	it('refuses a delivery as a configuration error when the secret was weakened after activation, even one carrying that secret', async () => {
		const weak = kinguinTrigger({}, { secret: 'x' });
		await expect(weak.deliver({ headers: kinguinHeaders('product.update', 'x'), rawBody: KINGUIN_PRODUCT_UPDATE })).rejects.toThrow(
			/Secret Key has 1 character: use at least 16/,
		);
	});
});

describe('Kinguin Webhook credential test', () => {
	const test = new KinguinTrigger().methods.credentialTest.kinguinWebhookSecret;
	const run = (secret: unknown) =>
		test.call(NodeInN8nCore.credentialTestContext(), {
			id: '1',
			name: 'Kinguin',
			type: 'kinguinWebhookApi',
			data: { secret },
		} as ICredentialsDecrypted);

	it('accepts a long secret', async () => {
		expect(await run('0123456789abcdef-long-secret')).toMatchObject({ status: 'OK' });
	});

	it.each([
		['empty', '', /Secret Key is empty/],
		['short', 'short', /Secret Key has 5 characters: use at least 16/],
		['padded with spaces', ' 0123456789abcdef ', /starts or ends with a space/],
	])('explains what is wrong with a %s secret', async (_case, secret, message) => {
		const result = await run(secret);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(message);
	});
});
