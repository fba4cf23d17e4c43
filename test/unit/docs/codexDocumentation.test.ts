import { existsSync, readdirSync, readFileSync } from 'fs';
import { join, resolve } from 'path';

const ROOT = resolve(__dirname, '..', '..', '..');

const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { repository?: { url?: string }; homepage?: string };
/** https://github.com/<owner>/<name>, from package.json's repository (git+https://….git). */
const repository = (packageJson.repository?.url ?? '').replace(/^git\+/, '').replace(/\.git$/, '');

const codexFiles = (readdirSync(join(ROOT, 'nodes'), { recursive: true }) as string[])
	.filter((file) => file.endsWith('.node.json'))
	.map((file) => ({ file, codex: JSON.parse(readFileSync(join(ROOT, 'nodes', file), 'utf8')) as { resources: { primaryDocumentation: Array<{ url: string }> } } }));

describe('n8n’s "Docs" link of each node', () => {
	test('package.json names the GitHub repository, and its homepage is the README there', () => {
		expect(repository).toMatch(/^https:\/\/github\.com\/[^/]+\/[^/]+$/);
		expect(packageJson.homepage).toBe(`${repository}#readme`);
		expect(codexFiles).toHaveLength(8);
	});

	test.each(codexFiles)('$file opens its guide in the repository', ({ codex }) => {
		const url = codex.resources.primaryDocumentation[0].url;
		const guide = url.slice(`${repository}/blob/main/`.length);
		expect(url).toBe(`${repository}/blob/main/${guide}`);
		expect(guide).toMatch(/^docs\/[a-z-]+\.md$/);
		expect(existsSync(join(ROOT, guide))).toBe(true);
	});
});
