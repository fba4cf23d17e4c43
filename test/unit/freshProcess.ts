/**
 * What `load` requires, as another n8n process (or n8n after a restart) loads it: this package's modules
 * afresh, with nothing in their module-level memory. Only what static data carries is shared with the rest.
 */
export function inFreshProcess<T>(load: () => T): T {
	let loaded: T | undefined;
	jest.isolateModules(() => {
		loaded = load();
	});
	return loaded!;
}
