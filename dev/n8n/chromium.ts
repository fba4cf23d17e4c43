import { readdirSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';

import { CHROMIUM, ensureDebianPackages } from './debianPackages';
import { commandLine, processTable } from './processTable';
import { holdReaper } from './reaper';

/**
 * Debian's Chromium, headless, driven by playwright-core (which never downloads a browser), for the editor test and
 * the screenshot scripts. Playwright starts it leading a process group of its own and stops it on `close()`, or on
 * this process's exit signals, which it cannot see from inside a jest test file: so its reaper stops that group if
 * this process dies with the browser open.
 */
function artifactFolders(): string[] {
	return readdirSync(tmpdir())
		.filter((name) => name.startsWith('playwright-artifacts-'))
		.map((name) => join(tmpdir(), name));
}

export async function launchChromium(): Promise<Browser> {
	await ensureDebianPackages(CHROMIUM);
	const hold = holdReaper();
	const before = new Set(processTable().map((entry) => entry.pid));
	const artifactsBefore = new Set(artifactFolders());
	let browser: Browser;
	try {
		browser = await chromium.launch({
			executablePath: CHROMIUM.file,
			headless: true,
			env: { ...process.env, ...hold.env },
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
			],
		});
	} catch (error) {
		hold.release();
		throw error;
	}
	const started = processTable().filter(
		(entry) => entry.ppid === process.pid && entry.pgid === entry.pid && !before.has(entry.pid) && commandLine(entry.pid).includes('chromium'),
	);
	for (const { pid } of started) {
		hold.guard(pid, { group: true, signal: 'SIGTERM' });
		// the profile playwright made for it, which playwright removes on close() only
		const profile = /--user-data-dir=(\S+)/.exec(commandLine(pid))?.[1];
		if (profile) hold.guardFolder(profile);
	}
	// playwright's folder for this launch's downloads and traces, removed on close() only too
	for (const folder of artifactFolders().filter((path) => !artifactsBefore.has(path))) hold.guardFolder(folder);
	browser.on('disconnected', () => hold.release());
	return browser;
}
