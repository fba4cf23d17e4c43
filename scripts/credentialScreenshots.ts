import { mkdirSync, rmSync, statSync } from 'fs';
import { join } from 'path';

import { chromium, selectors } from 'playwright-core';
import type { Page } from 'playwright-core';

import { CHROMIUM, ensureDebianPackages, ensureRuntime, N8nApi, packProject, PROJECT_DIR, startN8n } from '../dev/n8n';

/**
 * `npx tsx scripts/credentialScreenshots.ts`: the credential dialog of each of the package's six credentials,
 * as n8n 2.41.1's editor shows it, cropped to the dialog, into docs/images/ (the README shows them).
 * It starts its own n8n with the editor and this package installed, creates each credential through n8n's
 * API with placeholder values (nothing real-looking: password fields show as dots anyway), opens it in
 * Debian's Chromium (driven by playwright-core, which never downloads a browser) and photographs the dialog.
 */

const IMAGES = join(PROJECT_DIR, 'docs', 'images');
const VIEWPORT = { width: 1280, height: 900 };
/** Above this the README's page gets heavy; the dialogs are far below it. */
const MAX_BYTES = 150 * 1024;

interface CredentialShot {
	/** The credential type's name; also names the PNG. */
	type: string;
	data: Record<string, unknown>;
}

const CREDENTIALS: CredentialShot[] = [
	{ type: 'kinguinWebhookApi', data: { secret: 'placeholder-secret-key' } },
	{ type: 'shopkitApi', data: { apiKey: 'placeholder-api-key', baseUrl: 'https://api.shopk.it/v1' } },
	{
		type: 'tikiOAuth2Api',
		data: {
			environment: 'production',
			clientId: 'your-client-id',
			clientSecret: 'placeholder-client-secret',
			scope: '',
			authentication: 'header',
			webhookId: '',
			webhookSecret: '',
		},
	},
	{
		type: 'shopgateApi',
		data: {
			environment: 'production',
			merchantCode: 'your-merchant-code',
			clientId: 'your-client-id',
			clientSecret: 'placeholder-client-secret',
			username: 'api-user@merchant.example',
			password: 'placeholder-password',
		},
	},
	{
		type: 'supplierMarketplaceWebhookApi',
		data: { headerName: 'X-Webhook-Secret', secret: 'placeholder-webhook-secret', username: '', password: '' },
	},
	{ type: 'supplierMarketplaceApi', data: { apiUrl: 'https://supplier.example/api/stock', apiToken: 'placeholder-api-token' } },
];

async function signIn(page: Page, baseUrl: string, owner: { email: string; password: string }): Promise<void> {
	await page.goto(`${baseUrl}/signin`);
	await page.getByTestId('emailOrLdapLoginId').locator('input').fill(owner.email);
	await page.getByTestId('password').locator('input').fill(owner.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}

/** Opens a saved credential the way the Credentials page does (its own route) and crops to the dialog. */
async function photograph(page: Page, baseUrl: string, credentialId: string, file: string): Promise<void> {
	await page.goto(`${baseUrl}/home/credentials/${credentialId}`);
	// n8n's Modal puts its test id on the dialog box itself, so this crops to the dialog, not the overlay
	const dialog = page.getByTestId('editCredential-modal');
	await dialog.waitFor({ state: 'visible' });
	// n8n renders the form in steps: wait for its fields, then for the layout to settle
	await dialog.locator('input').last().waitFor({ state: 'visible' });
	await page.waitForLoadState('networkidle');
	await page.mouse.move(0, 0);
	await dialog.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
	const bytes = statSync(file).size;
	if (bytes > MAX_BYTES) throw new Error(`${file} is ${bytes} bytes, over ${MAX_BYTES}: crop it further`);
	process.stdout.write(`${file}: ${bytes} bytes\n`);
}

async function main(): Promise<void> {
	const runtime = await ensureRuntime();
	const tarball = await packProject();
	const n8n = await startN8n(runtime, { packages: [tarball], editor: true, readyTimeoutMs: 300_000 });
	await ensureDebianPackages(CHROMIUM);
	const browser = await chromium.launch({
		executablePath: CHROMIUM.file,
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
	try {
		const api = await N8nApi.connect(n8n);
		mkdirSync(IMAGES, { recursive: true });
		selectors.setTestIdAttribute('data-test-id');
		const context = await browser.newContext({ viewport: VIEWPORT });
		context.setDefaultTimeout(30_000);
		context.setDefaultNavigationTimeout(120_000);
		const page = await context.newPage();
		await signIn(page, n8n.baseUrl, n8n.owner);
		for (const { type, data } of CREDENTIALS) {
			const { id } = await api.createCredential('My account', type, data);
			await photograph(page, n8n.baseUrl, id, join(IMAGES, `${type}.png`));
		}
	} finally {
		await browser.close();
		await n8n.stop();
		rmSync(n8n.userFolder, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
	process.exit(1);
});
