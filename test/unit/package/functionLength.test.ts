import { readdirSync, readFileSync } from 'fs';
import { join, relative, resolve } from 'path';

import ts from 'typescript';

const ROOT = resolve(__dirname, '../../..');
/** Longer than this, a function asks its reader to hold too many steps at once: it is split into named ones. */
const MOST_LINES = 35;

function sourcesUnder(folder: string): string[] {
	return readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
		.map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

function nameOf(node: ts.FunctionLikeDeclaration, source: ts.SourceFile): string {
	if (node.name) return node.name.getText(source);
	const parent = node.parent;
	if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && parent.name) return parent.name.getText(source);
	return '(anonymous)';
}

/** Every function, method, arrow and accessor of a file with its length in lines, from its first token to its closing one. */
export function functionLengths(file: string): Array<{ where: string; lines: number }> {
	const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
	const found: Array<{ where: string; lines: number }> = [];
	const visit = (node: ts.Node): void => {
		if (ts.isFunctionLike(node) && 'body' in node && node.body) {
			const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
			const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
			found.push({ where: `${file}:${start + 1} ${nameOf(node as ts.FunctionLikeDeclaration, source)}`, lines: end - start + 1 });
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return found;
}

describe('functions stay short', () => {
	const shipped = [...sourcesUnder('nodes'), ...sourcesUnder('credentials')];
	const functions = shipped.flatMap(functionLengths);

	it('finds the functions it measures', () => {
		expect(functions.length).toBeGreaterThan(300);
	});

	it(`every function of nodes/ and credentials/ is at most ${MOST_LINES} lines`, () => {
		const long = functions.filter(({ lines }) => lines > MOST_LINES).map(({ where, lines }) => `${where} (${lines} lines)`);
		expect(long).toEqual([]);
	});
});
