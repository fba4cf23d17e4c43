import { existsSync, readFileSync } from 'fs';
import { join, resolve } from 'path';

const ROOT = resolve(__dirname, '..', '..', '..');
const TABLE = join('docs', 'guarantees.md');

/** A test the table names: its file, and its title as written in it (or, for a title built from values, a part of it). */
interface NamedTest {
	file: string;
	title: string;
}

interface Row {
	line: number;
	guarantee: string;
	tests: NamedTest[];
	/** What the row says instead of a test: "Not tested: why", or a measurement and where its figures are. */
	otherwise?: string;
}

/** The cells of a Markdown table row; `\|` inside a cell is a pipe of its text. */
function cells(line: string): string[] {
	return line
		.trim()
		.replace(/^\||\|$/g, '')
		.split(/(?<!\\)\|/)
		.map((cell) => cell.trim());
}

/** Every row of the audit tables of docs/guarantees.md: the ones whose header is `| # | Guarantee | Stated in | Test |`. */
function auditRows(markdown: string): Row[] {
	const rows: Row[] = [];
	let inTable = false;
	markdown.split('\n').forEach((text, index) => {
		if (!text.trim().startsWith('|')) {
			inTable = false;
			return;
		}
		const row = cells(text);
		if (row[0] === '#' && row[1] === 'Guarantee') {
			inTable = true;
			return;
		}
		if (!inTable || /^-+$/.test(row[0])) return;
		const testCell = row[3] ?? '';
		const tests = [...testCell.matchAll(/`((?:test|dev)\/[^`]+\.ts)`\s*“([^”]+)”/g)].map(([, file, title]) => ({ file, title }));
		const otherwise = /^(Not tested|Measured)\b/.test(testCell) ? testCell : undefined;
		rows.push({ line: index + 1, guarantee: row[1], tests, otherwise });
	});
	return rows;
}

/** The titles of a test file's `describe`, `it` and `test` calls (`.each` included), as the strings are written. */
function testTitles(file: string): string[] {
	const source = readFileSync(join(ROOT, file), 'utf8');
	const call = /\b(?:describe|it|test)(?:\.(?:each|only|skip|concurrent))?(?:\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\))?\(\s*(['"`])((?:\\[\s\S]|(?!\1)[^\\])*)\1/g;
	return [...source.matchAll(call)].map(([, , title]) => title.replace(/\\(.)/g, '$1'));
}

/** Whether `title` names a test of `titles`: the whole title, or a long part of one built from values (`${…}`, `%s`, `$name`). */
function namesATest(titles: string[], title: string): boolean {
	return titles.some((written) => written === title || (/\$\{|%[sdjp]|\$[a-z]/i.test(written) && title.length >= 20 && written.includes(title)));
}

const markdown = readFileSync(join(ROOT, TABLE), 'utf8');
const rows = auditRows(markdown);

describe('docs/guarantees.md: every guarantee of the docs and the test that holds it', () => {
	it('reads its rows, and names tests by their file and title', () => {
		expect(rows.length).toBeGreaterThan(100);
		expect(rows.filter((row) => row.tests.length > 0).length).toBeGreaterThan(rows.length / 2);
		expect(namesATest(testTitles('test/unit/docs/guarantees.test.ts'), 'docs/guarantees.md: every guarantee of the docs and the test that holds it')).toBe(true);
	});

	it('gives every guarantee a test, or says why none holds it', () => {
		expect(rows.filter((row) => row.tests.length === 0 && row.otherwise === undefined).map(({ line, guarantee }) => `${line}: ${guarantee}`)).toEqual([]);
	});

	it('names only test files that exist, each with a test of the title it gives', () => {
		const missing = rows.flatMap(({ line, tests }) =>
			tests.filter(({ file, title }) => !existsSync(join(ROOT, file)) || !namesATest(testTitles(file), title)).map(({ file, title }) => `${line}: ${file} “${title}”`),
		);
		expect(missing).toEqual([]);
	});
});
