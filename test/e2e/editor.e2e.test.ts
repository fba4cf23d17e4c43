import { randomUUID } from 'crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

import type { Browser, BrowserContext, Locator, Page, Response } from 'playwright-core';
import { selectors } from 'playwright-core';

import { KINGUIN_PRODUCT_UPDATE, KINGUIN_SECRET, kinguinHeaders } from '../../dev/fixtures/kinguin';
import { SHOPGATE_CREDENTIAL_FIELDS } from '../../dev/fixtures/shopgate';
import { SUPPLIER_WEBHOOK_SECRET } from '../../dev/fixtures/supplierMarketplace';
import { tikiCredentialFields } from '../../dev/fixtures/tiki';
import { ensureRuntime, logIn, N8nApi, packProject, PROJECT_DIR, startN8n } from '../../dev/n8n';
import { launchChromium } from '../../dev/n8n/chromium';
import type { N8nInstance, WorkflowNode } from '../../dev/n8n';
import { schemaPreviewFiles } from '../../dev/schemaPreview';

/**
 * The package as a user meets it in n8n's editor: headless Chromium (Debian's, driven by playwright-core)
 * signs in, adds each node from the node panel of a new workflow, and checks that the node, its icon, its
 * fields and its credential form are shown. It photographs each view it checks: into a temporary folder, thrown
 * away after the run, so that `npm test` leaves the clone as it found it; `npm run screenshots`
 * (scripts/editorScreenshots.ts) runs this file with EDITOR_SCREENSHOTS=docs/screenshots to refresh the committed ones.
 *
 * One n8n with its editor and one page of it serve every test: loading the editor's bundles is most of a page load, so
 * tests move between workflows with the editor's own router, as its links do. The editor fetches each schema
 * preview once per page load, so the tests that watch those requests come before any that would fetch them.
 */

const PACKAGE = 'n8n-nodes-marketplace-webhooks';
/** Where the screenshots go: EDITOR_SCREENSHOTS when set, otherwise a temporary folder removed after the run. */
const SCREENSHOTS = process.env.EDITOR_SCREENSHOTS ? resolve(process.env.EDITOR_SCREENSHOTS) : undefined;
let screenshots = '';
// 1280x800 keeps each PNG well under 300 KB while the NDV still shows all three panes.
const VIEWPORT = { width: 1280, height: 800 };

/** What the tests use of the editor's router: push resolves once the new route shows, with a failure if it was refused. */
interface VueRouter {
	push(to: string): Promise<unknown>;
}

interface NodeCase {
	/** Node type name without the package prefix; also names the screenshots. */
	name: string;
	/** The node's display name: what the NDV and the canvas call it, and what the test searches for. */
	displayName: string;
	/** What n8n names the node it adds, when not its display name: a node with resources is named by the action. */
	addedAs?: string;
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
	/** The labels over the node's credentials, where it has more than one and n8n would label each "Credential". */
	credentialLabels?: string[];
	/** A trigger's panel: its header, and a phrase of its help on testing. */
	triggerPanel?: { header: string; help: string };
	/** The credential's type and values for a workflow made through the API: n8n hides a trigger's panel while its credential is missing. */
	credentialData?: { type: string; data: Record<string, unknown> };
}

const NODES: NodeCase[] = [
	{
		name: 'kinguinTrigger',
		displayName: 'Kinguin Trigger',
		panelName: 'Kinguin',
		// "Only These Statuses" is shown only while the events include order.status.
		action: 'On order status changed',
		icon: 'kinguin.svg',
		fields: ['Events', 'Ignore Out-of-Order Updates', 'Only These Statuses', 'Fetch Full Order', 'Fetch Order Keys', 'Invalid Payloads'],
		credential: 'Kinguin Webhook API',
		credentialFields: ['Secret Key'],
		credentialLabels: ['Webhook Secret', 'API Key for the Fetch Options (Optional)'],
		triggerPanel: { header: 'Listen for a test delivery from Kinguin', help: 'click Test URL there' },
		credentialData: { type: 'kinguinWebhookApi', data: { secret: KINGUIN_SECRET } },
	},
	{
		name: 'shopkitTrigger',
		displayName: 'Shopkit Trigger',
		panelName: 'Shopkit',
		action: 'On order created',
		icon: 'shopkit.svg',
		fields: ['Events', 'Simplify', 'Ignore Changes Made Through the API', 'Check User-Agent', 'Invalid Payloads'],
		credential: 'Shopkit API',
		credentialFields: ['API Key', 'App Client Secret', 'API Base URL'],
		triggerPanel: { header: 'Listen for a test delivery from Shopkit', help: 'the node registers the Test URL with Shopkit' },
		credentialData: { type: 'shopkitApi', data: { apiKey: 'shopkit-editor-key', baseUrl: 'http://127.0.0.1:1/v1' } },
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
		triggerPanel: { header: 'Listen for a test event from Tiki', help: 'Tiki sends an event when it reviews a product request' },
		credentialData: { type: 'tikiOAuth2Api', data: tikiCredentialFields('http://127.0.0.1:1') },
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
		triggerPanel: { header: "Fetch a test event from Tiki's event queue", help: 'without acknowledging it' },
		credentialData: { type: 'tikiOAuth2Api', data: tikiCredentialFields('http://127.0.0.1:1') },
	},
	{
		name: 'shopgateTrigger',
		displayName: 'Shopgate Trigger',
		panelName: 'Shopgate',
		action: 'On sales order added',
		icon: 'shopgate.svg',
		fields: ['Events', 'Fetch Full Order', "Only Accept Shopgate's IPs", 'Invalid Payloads'],
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
			'Order Service Base URL',
		],
		triggerPanel: { header: 'Listen for a test delivery from Shopgate', help: "the webhook service's test call" },
		credentialData: { type: 'shopgateApi', data: { environment: 'production', ...SHOPGATE_CREDENTIAL_FIELDS, authUrl: 'http://127.0.0.1:1', webhookUrl: 'http://127.0.0.1:1' } },
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
		triggerPanel: { header: 'Listen for a test delivery from the marketplace', help: 'post a delivery like' },
		credentialData: { type: 'supplierMarketplaceWebhookApi', data: { headerName: 'X-Webhook-Secret', secret: SUPPLIER_WEBHOOK_SECRET, username: '', password: '' } },
	},
	{
		name: 'shopkit',
		displayName: 'Shopkit',
		addedAs: 'Update an order',
		panelName: 'Shopkit',
		action: 'Update an order',
		category: 'Actions',
		icon: 'shopkit.svg',
		fields: ['Resource', 'Operation', 'Order ID', 'Update Fields'],
		credential: 'Shopkit API',
		credentialFields: ['API Key', 'App Client Secret', 'API Base URL'],
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

/** A trigger's panel in its NDV: the header, and under "When will this node trigger my flow?" the help on testing. */
async function expectTriggerPanel(ndv: Locator, panel: { header: string; help: string }): Promise<void> {
	await expect(ndv.getByTestId('trigger-header').innerText()).resolves.toBe(panel.header);
	await ndv.getByText('When will this node trigger my flow?').click();
	await ndv.getByText(panel.help, { exact: false }).first().waitFor();
}

function screenshot(page: Page, file: string): Promise<Buffer> {
	return page.screenshot({ path: join(screenshots, file), animations: 'disabled', caret: 'hide' });
}

const EXAMPLES = join(PROJECT_DIR, 'examples');

interface ExampleWorkflow {
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
	pinData?: Record<string, Array<{ json: Record<string, unknown> }>>;
}

/** The trigger examples: each file, its trigger (the node with a pinned sample) and the node after it. */
const TRIGGER_EXAMPLES = readdirSync(EXAMPLES)
	.filter((file) => file.endsWith('.json'))
	.map((file) => ({ file, workflow: JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as ExampleWorkflow }))
	.filter(({ workflow }) => workflow.pinData)
	.map(({ file, workflow }) => {
		const trigger = Object.keys(workflow.pinData!)[0];
		const type = workflow.nodes.find((node) => node.name === trigger)!.type.split('.').pop()!;
		return { file, workflow, trigger, type, next: workflow.connections[trigger].main[0][0].node };
	});

/** The labels of the fields the input panel's schema view shows, top level first. */
/**
 * The names of the fields the input panel offers from the parents' items (each pill's `data-name`; its value,
 * shown beside it for pinned data, left out), not n8n's variables and context ($now, $execution …) below them.
 */
function schemaFields(panel: Locator): Promise<string[]> {
	return panel
		.getByTestId('run-data-schema-node-name')
		.evaluateAll((pills) =>
			pills.filter((pill) => /\$json|\$\(/.test(pill.getAttribute('data-value') ?? '')).map((pill) => pill.getAttribute('data-name') ?? ''),
		);
}

describe('the package in n8n’s editor', () => {
	let n8n: N8nInstance;
	let api: N8nApi;
	let baseUrl: string;
	let cookie: string;
	let browser: Browser;
	let page: Page;
	/** Whether the last test ended with the page as it found it; after a failure the next test loads the editor afresh. */
	let pageSettled = false;
	/** The response listeners a test added to the shared page, removed after it. */
	const responseListeners: Array<(response: Response) => void> = [];

	beforeAll(async () => {
		const runtime = await ensureRuntime();
		const tarball = process.env.N8N_E2E_TARBALL ?? (await packProject());
		// The shared e2e instance serves no UI, so this file boots its own n8n with the editor.
		n8n = await startN8n(runtime, { packages: [tarball], editor: true });
		const instance = n8n;
		baseUrl = n8n.baseUrl;
		api = await N8nApi.connect(n8n);
		cookie = await logIn(n8n);
		screenshots = SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'n8n-editor-screenshots-'));
		mkdirSync(screenshots, { recursive: true });

		selectors.setTestIdAttribute('data-test-id'); // n8n's attribute for test hooks
		browser = await launchChromium();
		const context: BrowserContext = await browser.newContext({ viewport: VIEWPORT });
		context.setDefaultTimeout(20_000);
		// the first load of the editor's bundles is slow on a busy machine; that is no assertion of this test
		context.setDefaultNavigationTimeout(60_000);

		page = await context.newPage();
		await page.goto(`${baseUrl}/signin`);
		await page.getByTestId('emailOrLdapLoginId').locator('input').fill(instance.owner.email);
		await page.getByTestId('password').locator('input').fill(instance.owner.password);
		await page.getByTestId('form-submit-button').click();
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
		pageSettled = true;
	}, 600_000);

	afterAll(async () => {
		await browser?.close();
		if (screenshots && !SCREENSHOTS) {
			if (process.env.KEEP_N8N_USER_FOLDER) process.stderr.write(`editor screenshots kept: ${screenshots}\n`);
			else rmSync(screenshots, { recursive: true, force: true });
		}
		if (!n8n) return;
		await n8n.stop();
		// Like the global teardown: the user folder holds a 46 MB copy of the editor.
		if (process.env.KEEP_N8N_USER_FOLDER) process.stderr.write(`editor n8n user folder kept: ${n8n.userFolder}\n`);
		else rmSync(n8n.userFolder, { recursive: true, force: true });
	}, 30_000);

	/**
	 * Moves the loaded editor to `path` with its own router (vue-router's push), as its links do. Leaving a workflow
	 * the editor holds changes of (an NDV fills in defaults) asks "Save changes before leaving?": the tests leave
	 * without saving, as the page reloads did.
	 */
	async function showInEditor(path: string): Promise<void> {
		const from = page.url();
		const found = await page.locator('#app').evaluate((mount, target) => {
			const router = (mount as { __vue_app__?: { config: { globalProperties: { $router?: VueRouter } } } }).__vue_app__?.config.globalProperties.$router;
			// n8n replaces /workflow/new by the new workflow's id, which ends the first push with a failure; the URL tells
			void router?.push(target);
			return Boolean(router);
		}, path);
		if (!found) throw new Error(`the page holds no editor app to move to ${path}`);
		const leave = page.getByRole('button', { name: 'Leave without saving' });
		const moved = page.waitForURL((url) => url.href !== from);
		if ((await Promise.race([moved.then(() => 'moved'), leave.waitFor().then(
			() => 'asked',
			() => 'not asked', // the move ended first and the wait ran out
		)])) === 'asked') {
			await leave.click();
			await moved;
		}
	}

	/** Wraps a test's body so that one ending normally leaves the page for the next test to reuse. */
	function onTheSharedPage<Args extends unknown[]>(body: (...args: Args) => Promise<void>): (...args: Args) => Promise<void> {
		return async (...args: Args) => {
			await body(...args);
			pageSettled = true;
		};
	}

	/** Whether the empty canvas of a new workflow shows within `timeoutMs`. */
	async function newCanvasShown(timeoutMs: number): Promise<boolean> {
		return page
			.getByTestId('canvas-plus-button')
			.waitFor({ timeout: timeoutMs })
			.then(() => true, () => false);
	}

	/**
	 * A new page of the same browser context (still logged in) on a new workflow. The old page is closed without
	 * its beforeunload handler: an editor holding unsaved changes would otherwise ask to stay, which Playwright
	 * answers by staying, and the load would never come.
	 */
	async function freshEditorPage(): Promise<void> {
		const old = page;
		page = await old.context().newPage();
		await old.close({ runBeforeUnload: false });
		await page.goto(`${baseUrl}/workflow/new`);
		await page.getByTestId('canvas-plus-button').waitFor({ timeout: 60_000 });
	}

	/**
	 * Each test starts on a new workflow. A test that failed may have left a modal open, so it gets a fresh page;
	 * so does a page the editor's router did not bring to a new workflow (a move it left half done on a busy
	 * machine, seen in clean-clone runs): the test then starts as every test did before the page was shared.
	 */
	beforeEach(async () => {
		const moved = pageSettled && (await showInEditor('/workflow/new').then(() => newCanvasShown(10_000), () => false));
		pageSettled = false;
		if (moved) return;
		await freshEditorPage();
	}, 150_000);

	afterEach(() => {
		for (const listener of responseListeners.splice(0)) page.off('response', listener);
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

	test('the node panel finds the Kinguin Trigger', onTheSharedPage(async () => {
		const panel = await searchNodePanel('Kinguin');
		const entry = panelEntry(panel, 'Kinguin');
		await expect(entry.getByTestId('node-creator-item-description').innerText()).resolves.toContain(
			'Starts the workflow when Kinguin reports',
		);
		await expectIcon(entry, 'kinguin.svg');
		await screenshot(page, 'node-panel-search.png');
	}), 60_000);

	test.each(NODES)('$displayName: added from the node panel, shows its fields and its credential form', onTheSharedPage(async (node) => {
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
		await expect(ndv.getByTestId('node-title-container').innerText()).resolves.toContain(node.addedAs ?? node.displayName);
		await expectIcon(ndv, node.icon);
		await expectLabels(ndv.getByTestId('node-parameters'), node.fields);
		if (node.credentialLabels) await expectLabels(ndv, node.credentialLabels);
		// The node also sits on the canvas behind the NDV, with its icon.
		await expectIcon(page.getByTestId('canvas-node').filter({ hasText: node.addedAs ?? node.displayName }), node.icon);
		await screenshot(page, `${node.name}-node.png`);

		// A fresh instance has no credentials, so n8n offers a "Connect to …" button instead of the select, one per
		// credential the node lists; the first is the node's own (the Kinguin Trigger also lists the optional Kinguin API).
		await ndv.getByTestId('node-credentials-empty-state').first().getByRole('button').click();
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
	}), 60_000);

	/** Imports a workflow as the editor's import does (n8n's REST API), pinned data included; returns its id. */
	async function importWorkflow(workflow: object): Promise<string> {
		const response = await fetch(`${baseUrl}/rest/workflows`, {
			method: 'POST',
			headers: { cookie, 'content-type': 'application/json' },
			body: JSON.stringify({ settings: { executionOrder: 'v1' }, ...workflow }),
		});
		if (!response.ok) throw new Error(`importing a workflow answered ${response.status}: ${await response.text()}`);
		return ((await response.json()) as { data: { id: string } }).data.id;
	}

	/** Opens a saved workflow, unless it is open already (then closes the NDV shown), and the NDV of one of its nodes. */
	async function openNode(workflowId: string, nodeName: string): Promise<Locator> {
		const ndv = page.getByTestId('ndv');
		if (new URL(page.url()).pathname.startsWith(`/workflow/${workflowId}`)) {
			if (await ndv.isVisible()) {
				await ndv.getByTestId('ndv-close-button').click();
				await ndv.waitFor({ state: 'hidden' });
			}
		} else {
			await showInEditor(`/workflow/${workflowId}`);
		}
		await page.getByTestId('canvas-node').filter({ hasText: nodeName }).first().dblclick();
		await expect(ndv.getByTestId('node-title-container').innerText()).resolves.toContain(nodeName);
		return ndv;
	}

	/** The responses of the schema previews the editor asked n8n for, from now on. */
	function schemaRequests(): Array<{ path: string; status: number; body: Promise<string> }> {
		const seen: Array<{ path: string; status: number; body: Promise<string> }> = [];
		const listener = (response: Response) => {
			const { pathname } = new URL(response.url());
			if (pathname.startsWith('/schemas/')) seen.push({ path: pathname, status: response.status(), body: response.text() });
		};
		page.on('response', listener);
		responseListeners.push(listener);
		return seen;
	}

	const node = (name: string, type: string, position: [number, number], parameters: Record<string, unknown> = {}): WorkflowNode => ({
		id: randomUUID(),
		name,
		type,
		typeVersion: type === 'n8n-nodes-base.slack' ? 2.3 : 1,
		position,
		parameters,
		...(type.endsWith('Trigger') && !type.endsWith('tikiEventTrigger') ? { webhookId: randomUUID() } : {}),
	});

	test('Shopkit: the node offers its resources, and each resource its operations', onTheSharedPage(async () => {
		const id = await importWorkflow({ name: `shopkit resources ${randomUUID().slice(0, 8)}`, nodes: [node('Shopkit', `${PACKAGE}.shopkit`, [0, 0], { resource: 'order', operation: 'get' })], connections: {} });
		const ndv = await openNode(id, 'Shopkit');
		const dropdownItems = page.locator('.el-select-dropdown__item:visible');
		/** Waits until no dropdown is open: a closing one still shows its items for a moment. */
		const closed = async () => {
			const deadline = Date.now() + 5000;
			while ((await dropdownItems.count()) > 0 && Date.now() < deadline) await page.waitForTimeout(50);
		};
		/** The options a select offers, by their names (n8n shows an option's description under its name). */
		const optionsOf = async (parameter: string): Promise<string[]> => {
			await closed();
			await ndv.getByTestId(`parameter-input-${parameter}`).click();
			await dropdownItems.first().waitFor();
			const names = (await dropdownItems.allInnerTexts()).map((text) => text.split('\n')[0].trim());
			await page.keyboard.press('Escape');
			return names;
		};
		const choose = async (parameter: string, name: string) => {
			await closed();
			await ndv.getByTestId(`parameter-input-${parameter}`).click();
			await dropdownItems.filter({ hasText: name }).first().click();
		};
		// n8n adds its own "Custom API Call" (resource and operation) to a node whose credential can sign any request
		expect(await optionsOf('resource')).toEqual(['Client', 'Order', 'Product', 'Custom API Call']);
		const operations: Record<string, string[]> = {
			Order: ['Get', 'Get Many', 'Issue Invoice', 'Update'],
			Product: ['Create', 'Get', 'Get Many', 'Update', 'Update Variant'],
			Client: ['Create', 'Get', 'Get Many', 'Update'],
		};
		for (const [resource, expected] of Object.entries(operations)) {
			await choose('resource', resource);
			expect(await optionsOf('operation')).toEqual([...expected, 'Custom API Call']);
		}
		await screenshot(page, 'shopkit-resources.png');
	}), 60_000);

	test('n8n serves each schema preview of the installed package as the build generated it from the zod schemas', onTheSharedPage(async () => {
		for (const file of schemaPreviewFiles(PROJECT_DIR)) {
			const path = ['schemas', `${PACKAGE}.${file.node}`, file.version, file.operation].filter(Boolean).join('/');
			// the editor asks without credentials
			const response = await fetch(`${baseUrl}/${path}.json`);
			expect({ path, status: response.status }).toEqual({ path, status: 200 });
			expect(await response.json()).toEqual(file.schema);
		}
	}), 60_000);

	test.each(['receipts', 'price'])(
		'Supplier Marketplace (%s): the node after it shows its output fields before anything has run',
		onTheSharedPage(async (operation: string) => {
			const requests = schemaRequests();
			const id = await importWorkflow({
				name: `Schema preview of ${operation}`,
				nodes: [
					node('Start', 'n8n-nodes-base.manualTrigger', [0, 0]),
					node('Supplier Marketplace', `${PACKAGE}.supplierMarketplace`, [220, 0], { operation }),
					node('Post the answer to Slack', 'n8n-nodes-base.slack', [440, 0]),
				],
				connections: {
					Start: { main: [[{ node: 'Supplier Marketplace', type: 'main', index: 0 }]] },
					'Supplier Marketplace': { main: [[{ node: 'Post the answer to Slack', type: 'main', index: 0 }]] },
				},
			});
			const ndv = await openNode(id, 'Post the answer to Slack');
			const input = ndv.getByTestId('ndv-input-panel');
			await input.getByText('Usually outputs the following fields', { exact: false }).waitFor();
			await expect(schemaFields(input)).resolves.toEqual(expect.arrayContaining(['request', 'supplierProductId', 'action', 'sizes', 'count', 'response', 'attempts', 'error']));
			expect(requests.map((request) => [request.path, request.status])).toContainEqual([`/schemas/${PACKAGE}.supplierMarketplace/1.0.0/${operation}.json`, 200]);
			if (operation === 'receipts') await screenshot(page, 'supplierMarketplace-schema-preview.png');
		}),
		60_000,
	);

	test('each trigger: its panel says how to test it, and the node after it asks for its preview, which n8n serves but does not show', onTheSharedPage(async () => {
		const requests = schemaRequests();
		const triggers = NODES.filter((candidate) => candidate.triggerPanel);
		const nodes: WorkflowNode[] = [];
		for (const [index, trigger] of triggers.entries()) {
			const { type, data } = trigger.credentialData!;
			const credential = await api.createCredential(`${trigger.displayName} (editor)`, type, data);
			nodes.push(
				{ ...node(trigger.displayName, `${PACKAGE}.${trigger.name}`, [0, index * 200]), credentials: { [type]: credential } },
				node(`After ${trigger.displayName}`, 'n8n-nodes-base.slack', [300, index * 200]),
			);
		}
		const connections = Object.fromEntries(
			triggers.map((trigger) => [trigger.displayName, { main: [[{ node: `After ${trigger.displayName}`, type: 'main', index: 0 }]] }]),
		);
		const id = await importWorkflow({ name: 'Trigger panels and previews', nodes, connections });
		for (const trigger of triggers) {
			const panel = await openNode(id, trigger.displayName);
			await expectTriggerPanel(panel, trigger.triggerPanel!);
			await screenshot(page, `${trigger.name}-test-panel.png`);

			const after = await openNode(id, `After ${trigger.displayName}`);
			const input = after.getByTestId('ndv-input-panel');
			// VirtualSchema: "Trigger nodes do not have schema previews"; the panel asks to run the trigger instead
			await input.getByText('Execute previous nodes').waitFor();
			await expect(schemaFields(input)).resolves.toEqual([]);
			const served = requests.find((request) => request.path === `/schemas/${PACKAGE}.${trigger.name}/1.0.0.json`);
			expect({ trigger: trigger.name, status: served?.status }).toEqual({ trigger: trigger.name, status: 200 });
		}
	}), 180_000);

	test.each(TRIGGER_EXAMPLES)('example $file: the node after the trigger shows its fields before the first event', onTheSharedPage(async ({ workflow, trigger, type, next }) => {
		const id = await importWorkflow(workflow);
		// the input panel renders only the fields in view: a tall window shows a whole Shopkit order's
		await page.setViewportSize({ ...VIEWPORT, height: 3000 });
		try {
			const ndv = await openNode(id, next);
			const input = ndv.getByTestId('ndv-input-panel');
			const sample = workflow.pinData![trigger][0].json;
			await input.getByTestId('run-data-schema-item').first().waitFor();
			await expect(schemaFields(input)).resolves.toEqual(expect.arrayContaining(Object.keys(sample)));
		} finally {
			await page.setViewportSize(VIEWPORT);
		}
		await screenshot(page, `${type}-example-fields.png`);
	}), 60_000);

	test('Listen for test event: a delivery with another secret stops the listen and the trigger says which header did not match', onTheSharedPage(async () => {
		const credential = await api.createCredential('Kinguin (editor)', 'kinguinWebhookApi', { secret: KINGUIN_SECRET });
		const trigger = { ...node('Kinguin Trigger', `${PACKAGE}.kinguinTrigger`, [0, 0], { events: ['product.update'] }), credentials: { kinguinWebhookApi: credential } };
		const id = await importWorkflow({
			name: 'Kinguin test listen',
			nodes: [trigger, node('Received', 'n8n-nodes-base.noOp', [220, 0])],
			connections: { 'Kinguin Trigger': { main: [[{ node: 'Received', type: 'main', index: 0 }]] } },
		});
		const ndv = await openNode(id, 'Kinguin Trigger');
		await ndv.getByTestId('trigger-execute-button').click();
		await ndv.getByTestId('trigger-listening').waitFor();
		const forged = await fetch(`${baseUrl}/webhook-test/${trigger.webhookId}/webhook`, {
			method: 'POST',
			headers: kinguinHeaders('product.update', 'a-secret-that-is-not-the-one'),
			body: KINGUIN_PRODUCT_UPDATE,
		});
		expect(forged.status).toBe(401);
		await expect(ndv.getByTestId('node-error-message').innerText()).resolves.toContain(
			'A test delivery was refused (401): its X-Event-Secret header does not match the Secret Key of the Kinguin Webhook API credential',
		);
		await expect(ndv.getByTestId('node-error-description').innerText()).resolves.toContain('exactly the secret key saved in the credential');
		await ndv.getByTestId('trigger-listening').waitFor({ state: 'detached' });
		await screenshot(page, 'kinguinTrigger-test-refused.png');
	}), 60_000);
});
