import { basicCredentialsMatch, secretsMatch } from '../../../nodes/shared/inbound/secrets';

describe('secretsMatch', () => {
	const secret = 'correct-horse-battery-staple';

	it('accepts the same secret', () => {
		expect(secretsMatch(secret, 'correct-horse-battery-staple')).toBe(true);
	});

	it('rejects a secret that differs in one byte, is longer, shorter or absent', () => {
		expect(secretsMatch(secret, 'correct-horse-battery-stapla')).toBe(false);
		expect(secretsMatch(secret, `${secret}x`)).toBe(false);
		expect(secretsMatch(secret, secret.slice(0, -1))).toBe(false);
		expect(secretsMatch(secret, '')).toBe(false);
		expect(secretsMatch(secret, undefined)).toBe(false);
	});

	it('never matches when no secret is configured', () => {
		expect(secretsMatch('', '')).toBe(false);
	});

	it('follows a changed expected secret, also among more secrets than it keeps digests of', () => {
		const secrets = Array.from({ length: 600 }, (_, i) => `secret-number-${i}-of-many`);
		for (const expected of secrets) {
			expect(secretsMatch(expected, expected)).toBe(true);
			expect(secretsMatch(expected, secrets[0] === expected ? secrets[1] : secrets[0])).toBe(false);
		}
		expect(secretsMatch(secrets[0], secrets[0])).toBe(true);
		expect(secretsMatch(secrets[599], secrets[0])).toBe(false);
	});

	it('compares multi-byte text by its bytes', () => {
		expect(secretsMatch('mật-khẩu-bí-mật', 'mật-khẩu-bí-mật')).toBe(true);
		expect(secretsMatch('mật-khẩu-bí-mật', 'mat-khau-bi-mat')).toBe(false);
	});
});

describe('basicCredentialsMatch', () => {
	const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;

	it('accepts the expected id and secret', () => {
		expect(basicCredentialsMatch(basic('tiki:s3cret'), 'tiki', 's3cret')).toBe(true);
		expect(basicCredentialsMatch(basic('tiki:s3cret').replace('Basic', 'basic'), 'tiki', 's3cret')).toBe(true);
	});

	it('rejects another pair, another scheme, garbage and nothing', () => {
		expect(basicCredentialsMatch(basic('tiki:s3creT'), 'tiki', 's3cret')).toBe(false);
		expect(basicCredentialsMatch(basic('tikI:s3cret'), 'tiki', 's3cret')).toBe(false);
		expect(basicCredentialsMatch(basic('tiki:s3cret:'), 'tiki', 's3cret')).toBe(false);
		expect(basicCredentialsMatch(`Bearer ${Buffer.from('tiki:s3cret').toString('base64')}`, 'tiki', 's3cret')).toBe(false);
		expect(basicCredentialsMatch('Basic !!!', 'tiki', 's3cret')).toBe(false);
		expect(basicCredentialsMatch(undefined, 'tiki', 's3cret')).toBe(false);
	});

	it('never matches an empty expected pair', () => {
		expect(basicCredentialsMatch(basic(':'), '', '')).toBe(false);
	});
});
