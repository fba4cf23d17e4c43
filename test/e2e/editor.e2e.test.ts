import { mkdirSync, rmSync } from 'fs';
import { join } from 'path';

import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { chromium, selectors } from 'playwright-core';

import { CHROMIUM, ensureDebianPackages, ensureRuntime, packProject, PROJECT_DIR, startN8n } from '../../dev/n8n';
import type { N8nInstance } from '../../dev/n8n';

/**
 * The package as a user meets it in n8n's editor: headless Chromium (Debian's, driven by playwright-core)
 * signs in, adds each node from the node panel of a new workflow, and checks that the node, its icon, its
 * fields and its credential form are shown. The screenshots it takes are the ones committed under
 * docs/screenshots, so every run refreshes them.
 */

const PACKAGE = 'n8n-nodes-marketplace-webhooks';
const SCREENSHOTS = join(PROJECT_DIR, 'docs', 'screenshots');
// 1280x800 keeps each PNG well under 300 KB while the NDV still shows all three panes.
const VIEWPORT = { width: 1280, height: 800 };

interface NodeCase {
	/** Node type name without the package prefix; also names the screenshots. */
	name: string;
	/** The node's display name: what the NDV and the canvas call it, and what the test searches for. */
	displayName: string;
	/** The node panel's name for it: triggers lose " Trigger", and a node with a trigger twin is merged with it. */
	panelName: string;
	/** Which of the node's panel entries adds it; chosen so that every field below is displayed. */
	action: string;
	/** The collapsed panel category the action sits in, if any. */
	category?: string;
	icon: string;
	fields: string[];
	credential: string;
	credentialFields: string[];
}

const NODES: NodeCase[] = [
	{
		name: 'kinguinTrigger',
		displayName: 'Kinguin Trigger',
		panelName: 'Kinguin',
		// "Only These Statuses" is shown only while the events include order.status.
		action: 'On order status changed',
		icon: 'kinguin.svg',
		fields: ['Events', 'Ignore Out-of-Order Updates', 'Only These Statuses', 'Invalid Payloads'],
		credential: 'Kinguin Webhook API',
		credentialFields: ['Secret Key'],
	},
	{
		name: 'shopkitTrigger',
		displayName: 'Shopkit Trigger',
		panelName: 'Shopkit',
		action: 'On order created',
		icon: 'shopkit.svg',
		fields: ['Events', 'Simplify', 'Check User-Agent', 'Invalid Payloads'],
		credential: 'Shopkit API',
		credentialFields: ['API Key', 'API Base URL'],
	},
	{
		name: 'tikiTrigger',
		displayName: 'Tiki Trigger',
		panelName: 'Tiki',
		action: 'On product request approved',
		icon: 'tiki.svg',
		fields: ['Events', 'Replace Existing Registration', 'Invalid Payloads'],
		credential: 'Tiki OAuth2 API',
		credentialFields: [
			'Environment',
			'Client ID',
			'Client Secret',
			'Scope',
			'Client Authentication',
			'Webhook Basic ID',
			'Webhook Basic Secret',
		],
	},
	{
		name: 'tikiEventTrigger',
		displayName: 'Tiki Event Trigger',
		panelName: 'Tiki Event',
		action: 'On order created',
		icon: 'tiki.svg',
		fields: ['Poll Times', 'Events'],
		credential: 'Tiki OAuth2 API',
		credentialFields: ['Environment', 'Client ID', 'Client Secret', 'Scope', 'Client Authentication'],
	},
	{
		name: 'shopgateTrigger',
		displayName: 'Shopgate Trigger',
		panelName: 'Shopgate',
		action: 'On sales order added',
		icon: 'shopgate.svg',
		fields: ['Events', "Only Accept Shopgate's IPs", 'Invalid Payloads'],
		credential: 'Shopgate API',
		credentialFields: [
			'Environment',
			'Merchant Code',
			'Client ID',
			'Client Secret',
			'Username',
			'Password',
			'Auth Base URL',
			'Webhook Service Base URL',
		],
	},
	{
		name: 'supplierMarketplaceTrigger',
		displayName: 'Supplier Marketplace Trigger',
		panelName: 'Supplier Marketplace',
		// Without an events option n8n offers one generic trigger entry.
		action: 'On new Supplier Marketplace event',
		icon: 'supplierMarketplace.svg',
		fields: ['Authentication', 'Output', 'Invalid Payloads'],
		credential: 'Supplier Marketplace Webhook API',
		credentialFields: ['Header Name', 'Secret', 'Username', 'Password'],
	},
	{
		name: 'supplierMarketplace',
		displayName: 'Supplier Marketplace',
		panelName: 'Supplier Marketplace',
		// An empty workflow opens the trigger panel, where a node's actions are a collapsed category.
		action: 'Report items sold',
		category: 'Actions',
		icon: 'supplierMarketplace.svg',
		fields: ['Supplier Product ID', 'Sizes Source', 'Sizes'],
		credential: 'Supplier Marketplace API',
		credentialFields: ['API URL', 'API Token'],
	},
];

/** The visible labels of the parameters inside `scope`, without the "required" asterisk. */
function visibleLabels(scope: Locator): Promise<string[]> {
	return scope.locator('label.n8n-input-label').evaluateAll((labels) =>
		labels
			.filter((label) => label.checkVisibility())
			.map((label) => (label.querySelector('.n8n-text')?.textContent ?? '').replace(/\*\s*$/, '').trim()),
	);
}

/** Waits until every expected label is shown (n8n renders parameters in steps), then asserts it. */
async function expectLabels(scope: Locator, expected: string[], timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let shown = await visibleLabels(scope);
	while (!expected.every((label) => shown.includes(label)) && Date.now() < deadline) {
		await scope.page().waitForTimeout(100);
		shown = await visibleLabels(scope);
	}
	expect(shown).toEqual(expect.arrayContaining(expected));
}

/** Asserts that `scope` shows this package's icon file and that the browser could decode it. */
async function expectIcon(scope: Locator, icon: string): Promise<void> {
	const image = scope.locator(`img[src*="/icons/${PACKAGE}/"][src$="/${icon}"]`).first();
	await image.waitFor({ state: 'visible' });
	// An <img> whose SVG failed to load or decode keeps a natural width of 0.
	const naturalWidth = await image.evaluate(
		(img) =>
			new Promise<number>((resolve) => {
				if (img.complete) return resolve(img.naturalWidth);
				img.addEventListener('load', () => resolve(img.naturalWidth));
				img.addEventListener('error', () => resolve(0));
			}),
	);
	expect(naturalWidth).toBeGreaterThan(0);
}

function screenshot(page: Page, file: string): Promise<Buffer> {
	return page.screenshot({ path: join(SCREENSHOTS, file), animations: 'disabled', caret: 'hide' });
}

describe('the package in n8n’s editor', () => {
	let n8n: N8nInstance;
	let browser: Browser;
	let context: BrowserContext;
	let page: Page;

	beforeAll(async () => {
		const runtime = await ensureRuntime();
		const tarball = process.env.N8N_E2E_TARBALL ?? (await packProject());
		// The shared e2e instance serves no UI, so this file boots its own n8n with the editor.
		n8n = await startN8n(runtime, { packages: [tarball], editor: true });
		mkdirSync(SCREENSHOTS, { recursive: true });

		selectors.setTestIdAttribute('data-test-id'); // n8n's attribute for test hooks
		await ensureDebianPackages(CHROMIUM);
		browser = await chromium.launch({
			executablePath: CHROMIUM.file, // Debian's; playwright-core never downloads one
			headless: true,
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
		context = await browser.newContext({ viewport: VIEWPORT });
		context.setDefaultTimeout(20_000);

		// Sign in once; every test's page shares this context's session cookie.
		const signIn = await context.newPage();
		await signIn.goto(`${n8n.baseUrl}/signin`);
		await signIn.getByTestId('emailOrLdapLoginId').locator('input').fill(n8n.owner.email);
		await signIn.getByTestId('password').locator('input').fill(n8n.owner.password);
		await signIn.getByTestId('form-submit-button').click();
		await signIn.waitForURL((url) => !url.pathname.startsWith('/signin'));
		await signIn.close();
	}, 600_000);

	afterAll(async () => {
		await browser?.close();
		if (!n8n) return;
		await n8n.stop();
		// Like the global teardown: the user folder holds a 46 MB copy of the editor.
		if (process.env.KEEP_N8N_USER_FOLDER) process.stderr.write(`editor n8n user folder kept: ${n8n.userFolder}\n`);
		else rmSync(n8n.userFolder, { recursive: true, force: true });
	}, 30_000);

	// A fresh page per test: a test that fails with a modal open leaves nothing behind for the next one.
	beforeEach(async () => {
		page = await context.newPage();
		await page.goto(`${n8n.baseUrl}/workflow/new`);
		await page.getByTestId('canvas-plus-button').waitFor();
	});

	afterEach(async () => {
		await page?.close();
	});

	/** Opens the node panel from the empty canvas and searches it. */
	async function searchNodePanel(query: string): Promise<Locator> {
		await page.getByTestId('canvas-plus-button').click();
		const panel = page.getByTestId('node-creator');
		await panel.getByTestId('node-creator-search-bar').fill(query);
		return panel;
	}

	/** The panel's search result for one of this package's nodes. */
	function panelEntry(panel: Locator, panelName: string): Locator {
		return panel
			.locator(`[data-keyboard-nav-type="node"][data-keyboard-nav-id^="${PACKAGE}."]`)
			.filter({ has: page.getByTestId('node-creator-item-name').getByText(panelName, { exact: true }) });
	}

	test('the node panel finds the Kinguin Trigger', async () => {
		const panel = await searchNodePanel('Kinguin');
		const entry = panelEntry(panel, 'Kinguin');
		await expect(entry.getByTestId('node-creator-item-description').innerText()).resolves.toContain(
			'Starts the workflow when Kinguin reports',
		);
		await expectIcon(entry, 'kinguin.svg');
		await screenshot(page, 'node-panel-search.png');
	}, 60_000);

	test.each(NODES)('$displayName: added from the node panel, shows its fields and its credential form', async (node) => {
		// Node panel: search by the display name, open the package's entry, add it through one of its actions.
		const panel = await searchNodePanel(node.displayName);
		const entry = panelEntry(panel, node.panelName);
		await expectIcon(entry, node.icon);
		await entry.click();
		if (node.category) {
			await panel.getByTestId('node-creator-category-item').filter({ hasText: node.category }).click();
		}
		await panel
			.locator(`[data-keyboard-nav-type="action"][data-keyboard-nav-id^="${PACKAGE}.${node.name}-"]`)
			.filter({ hasText: node.action })
			.click();

		// Adding a node opens its details view (NDV) with the node's parameters.
		const ndv = page.getByTestId('ndv');
		await expect(ndv.getByTestId('node-title-container').innerText()).resolves.toContain(node.displayName);
		await expectIcon(ndv, node.icon);
		await expectLabels(ndv.getByTestId('node-parameters'), node.fields);
		// The node also sits on the canvas behind the NDV, with its icon.
		await expectIcon(page.getByTestId('canvas-node').filter({ hasText: node.displayName }), node.icon);
		await screenshot(page, `${node.name}-node.png`);

		// A fresh instance has no credentials, so n8n offers a "Connect to …" button instead of the select.
		await ndv.getByTestId('node-credentials-empty-state').getByRole('button').click();
		const modal = page.getByTestId('editCredential-modal');
		await modal.getByText(node.credential, { exact: true }).waitFor();
		await expectIcon(modal, node.icon);
		await expectLabels(modal, node.credentialFields);
		await screenshot(page, `${node.name}-credential.png`);

		// Close without saving: the modal first, then the NDV.
		await modal.getByRole('button', { name: 'Close this dialog' }).click();
		await modal.waitFor({ state: 'hidden' });
		await ndv.getByTestId('ndv-close-button').click();
		await ndv.waitFor({ state: 'hidden' });
	}, 60_000);
});
