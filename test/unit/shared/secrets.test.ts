import { secretsMatch } from '../../../nodes/shared';

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

	it('compares multi-byte text by its bytes', () => {
		expect(secretsMatch('mật-khẩu-bí-mật', 'mật-khẩu-bí-mật')).toBe(true);
		expect(secretsMatch('mật-khẩu-bí-mật', 'mat-khau-bi-mat')).toBe(false);
	});
});
