import { readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';

const ROOT = join(__dirname, '..', '..', '..');

function sourcesUnder(dir: string): string[] {
	return readdirSync(dir).flatMap((entry) => {
		const path = join(dir, entry);
		return statSync(path).isDirectory() ? sourcesUnder(path) : path.endsWith('.ts') ? [path] : [];
	});
}

const sources = [...sourcesUnder(join(ROOT, 'nodes')), ...sourcesUnder(join(ROOT, 'credentials'))].map((path) => ({
	path: relative(ROOT, path),
	lines: readFileSync(path, 'utf8').split('\n'),
}));

/**
 * Every check of a secret, token or Basic pair must go through the constant-time helpers in
 * nodes/shared/inbound/secrets.ts: a plain `===` returns as soon as a byte differs, which leaks how much of a
 * guess was right.
 */
describe('secret comparisons', () => {
	it('reads the sources it checks', () => {
		expect(sources.length).toBeGreaterThan(20);
	});

	it('never compares a secret, token, password or signature with == or ===', () => {
		const suspicious = /\b\w*(secret|token|password|signature|authorization)\w*\b\s*[!=]==?|[!=]==?\s*\w*(secret|token|password|signature|authorization)\w*\b/i;
		const hits = sources.flatMap(({ path, lines }) =>
			lines
				.map((line, index) => ({ line: line.trim(), where: `${path}:${index + 1}` }))
				.filter(({ line }) => !line.startsWith('*') && !line.startsWith('//') && suspicious.test(line))
				// comparing against undefined or a literal type tag is not comparing a secret
				.filter(({ line }) => !/[!=]==?\s*(undefined|null|'string'|'number')/.test(line) && !/typeof/.test(line)),
		);
		expect(hits).toEqual([]);
	});

	it('calls timingSafeEqual only in the shared helper', () => {
		const users = sources.filter(({ lines }) => lines.some((line) => line.includes('timingSafeEqual'))).map(({ path }) => path);
		expect(users).toEqual(['nodes/shared/inbound/secrets.ts']);
	});

	it('has every trigger check deliveries with the shared helpers, in its .receive.ts or .authentication.ts', () => {
		const receivers = sources.filter(({ path }) => /nodes\/\w+\/\w+\/\w+\.receive\.ts$/.test(path));
		const checks = receivers.map(({ path, lines }) => {
			const authentication = sources.find((source) => source.path === path.replace(/\.receive\.ts$/, '.authentication.ts'));
			return { path, hasAuthentication: Boolean(authentication), lines: [...lines, ...(authentication?.lines ?? [])] };
		});
		const usingHelpers = checks.filter(({ lines }) => lines.some((line) => /secretsMatch|basicCredentialsMatch|matchesDigest/.test(line)));
		expect(usingHelpers.map(({ path }) => path)).toEqual(receivers.map(({ path }) => path));
		expect(checks.filter(({ hasAuthentication }) => !hasAuthentication).map(({ path }) => path)).toEqual([]);
		expect(receivers.length).toBeGreaterThanOrEqual(5);
	});
});
