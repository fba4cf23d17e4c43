import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';

import { headingSlugs, relativeLinks } from './markdownLinks';

const ROOT = resolve(__dirname, '..', '..', '..');

/** README.md, ARCHITECTURE.md (when present) and every page under docs/. */
const PAGES = [
	'README.md',
	...(existsSync(join(ROOT, 'ARCHITECTURE.md')) ? ['ARCHITECTURE.md'] : []),
	...readdirSync(join(ROOT, 'docs'))
		.filter((file) => file.endsWith('.md'))
		.map((file) => join('docs', file)),
];

/** Every relative link of `page` that does not resolve, as `line: target (why)`. */
function brokenLinks(page: string): string[] {
	const file = join(ROOT, page);
	const broken: string[] = [];
	for (const { target, line } of relativeLinks(readFileSync(file, 'utf8'))) {
		const [path, anchor] = target.split('#', 2) as [string, string | undefined];
		const linked = path ? resolve(dirname(file), decodeURIComponent(path)) : file;
		if (!existsSync(linked)) {
			broken.push(`${line}: ${target} (no file ${relative(ROOT, linked)})`);
			continue;
		}
		if (anchor === undefined) continue;
		if (statSync(linked).isDirectory() || !linked.endsWith('.md')) {
			broken.push(`${line}: ${target} (an anchor into ${relative(ROOT, linked)}, which has no headings)`);
		} else if (!headingSlugs(readFileSync(linked, 'utf8')).has(decodeURIComponent(anchor))) {
			broken.push(`${line}: ${target} (no heading #${anchor} in ${relative(ROOT, linked)})`);
		}
	}
	return broken;
}

describe('GitHub’s heading anchors', () => {
	test('follow github-slugger on the headings these pages use', () => {
		const slugs = headingSlugs(
			[
				'# n8n-nodes-marketplace-webhooks',
				'## Testing a trigger: "Listen for test event"',
				"## Over a workflow's life",
				'### The kit (`dev/`)',
				'## What Tiki gets back: each poll',
				'## Options → Fetch Full Order',
				'## Over time',
				'## Over time',
				'```bash',
				'# Build this package',
				'```',
			].join('\n'),
		);
		expect([...slugs]).toEqual([
			'n8n-nodes-marketplace-webhooks',
			'testing-a-trigger-listen-for-test-event',
			'over-a-workflows-life',
			'the-kit-dev',
			'what-tiki-gets-back-each-poll',
			'options--fetch-full-order',
			'over-time',
			'over-time-1',
		]);
	});

	test('links in code and to other sites are not the repository’s', () => {
		const links = relativeLinks(
			[
				'[a guide](docs/a.md#b) and ![an image](docs/images/x.png "title") and `[code](nowhere.md)`',
				'[n8n](https://docs.n8n.io/) [mail](mailto:someone@example.com) [here](#here)',
				'```',
				'[inside a fence](nowhere.md)',
				'```',
			].join('\n'),
		);
		expect(links).toEqual([
			{ target: 'docs/a.md#b', line: 1 },
			{ target: 'docs/images/x.png', line: 1 },
			{ target: '#here', line: 2 },
		]);
	});
});

describe('links between the README, ARCHITECTURE.md and docs/', () => {
	test('the pages link to each other', () => {
		expect(PAGES).toEqual(expect.arrayContaining(['README.md', join('docs', 'usage.md'), join('docs', 'operations.md')]));
		const readmeTargets = relativeLinks(readFileSync(join(ROOT, 'README.md'), 'utf8')).map(({ target }) => target);
		expect(readmeTargets).toEqual(expect.arrayContaining(['docs/kinguin-trigger.md', 'docs/images/kinguinWebhookApi.png']));
	});

	test.each(PAGES)('every relative link and anchor of %s resolves', (page) => {
		expect(brokenLinks(page)).toEqual([]);
	});
});
