/** One page of a platform's list: its items, and whether the platform says there is a next page (undefined: it does not say). */
export interface ListPage {
	items: unknown[];
	next?: boolean;
}

export interface PagedReading<T> {
	/** The most items a page holds, as asked for: a shorter page is the last. */
	pageSize: number;
	/** Pages read at most: a list longer than that fails rather than being cut short. */
	mostPages: number;
	/** Stop once this many items are in (Return All off). */
	limit?: number;
	/** The items of a page that are what the list holds (a webhook, an order), typed. */
	accept: (item: unknown) => item is T;
	/** What tells two items apart: a page that brings none not seen yet is the end (a platform that ignores `page`). */
	idOf: (item: T) => unknown;
	/** The error for a list longer than `mostPages` pages. */
	tooLong: () => Error;
}

/**
 * Every item of a paged list, read page by page from page 1 to its end: a page that says there is no next, a
 * short page where the platform does not say, an empty page, or a page of items already seen.
 */
export async function readAllPages<T>(readPage: (page: number) => Promise<ListPage>, reading: PagedReading<T>): Promise<T[]> {
	const byId = new Map<unknown, T>();
	const full = () => reading.limit !== undefined && byId.size >= reading.limit;
	for (let page = 1; page <= reading.mostPages; page++) {
		const { items, next } = await readPage(page);
		const fresh = items.filter(reading.accept).filter((item) => !byId.has(reading.idOf(item)));
		for (const item of fresh) byId.set(reading.idOf(item), item);
		const ended = next === false || fresh.length === 0 || (next === undefined && items.length < reading.pageSize);
		if (ended || full()) return [...byId.values()].slice(0, reading.limit);
	}
	throw reading.tooLong();
}
