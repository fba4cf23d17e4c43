/**
 * What a Markdown page offers and asks of others, read the way GitHub renders it: the anchors of its headings
 * (GitHub's slugs) and the relative links it makes. Code (fenced blocks, inline code) is neither.
 */

export interface MarkdownLink {
	/** As written: a path, a path with `#anchor`, or `#anchor` alone. */
	target: string;
	line: number;
}

/** Lines outside fenced code blocks, with their 1-based numbers. */
function proseLines(markdown: string): Array<{ text: string; line: number }> {
	const prose: Array<{ text: string; line: number }> = [];
	let fence: string | undefined;
	markdown.split('\n').forEach((text, index) => {
		const marker = /^\s*(```|~~~)/.exec(text)?.[1];
		if (marker && (!fence || fence === marker)) {
			fence = fence ? undefined : marker;
			return;
		}
		if (!fence) prose.push({ text, line: index + 1 });
	});
	return prose;
}

/** The text GitHub renders for a heading's Markdown: code, links and images reduced to their text. */
function renderedText(heading: string): string {
	return heading
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/`([^`]*)`/g, '$1')
		.replace(/<[^>]+>/g, '');
}

/**
 * GitHub's anchor for a heading (github-slugger): lower case, every character that is not a letter, mark,
 * number, connector (`_`), space or hyphen removed, each space a hyphen; a repeated slug gets `-1`, `-2` ….
 */
export function headingSlugs(markdown: string): Set<string> {
	const slugs = new Set<string>();
	const seen = new Map<string, number>();
	for (const { text } of proseLines(markdown)) {
		const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(text)?.[1];
		if (heading === undefined) continue;
		const base = renderedText(heading)
			.toLowerCase()
			.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
			.replace(/ /g, '-');
		const count = seen.get(base) ?? 0;
		seen.set(base, count + 1);
		slugs.add(count === 0 ? base : `${base}-${count}`);
	}
	return slugs;
}

/** Links and images whose target is inside the repository (no scheme, no `//`), outside code. */
export function relativeLinks(markdown: string): MarkdownLink[] {
	const links: MarkdownLink[] = [];
	for (const { text, line } of proseLines(markdown)) {
		const prose = text.replace(/`[^`]*`/g, '');
		for (const match of prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
			const target = match[1];
			if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue;
			links.push({ target, line });
		}
	}
	return links;
}
