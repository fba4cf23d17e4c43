import { mkdirSync, rmSync, statSync } from 'fs';
import { join } from 'path';

import { selectors } from 'playwright-core';
import type { Page } from 'playwright-core';

import { ensureRuntime, packProject, PROJECT_DIR, startN8n } from '../dev/n8n';
import { launchChromium } from '../dev/n8n/chromium';

/**
 * `npx tsx scripts/credentialScreenshots.ts`: the credential dialog of each of the package's seven credentials,
 * as n8n 2.41.1's editor shows it, cropped to the dialog, into docs/images/ (the README shows them).
 * It starts its own n8n with the editor and this package installed and, in Debian's Chromium (driven by
 * playwright-core, which never downloads a browser), creates each credential as a user does, types placeholder
 * values (nothing real-looking; password fields show as dots anyway) and photographs the dialog unsaved.
 */

const IMAGES = join(PROJECT_DIR, 'docs', 'images');
// tall enough for the longest form (Shopgate's) to fit in the dialog without scrolling
const VIEWPORT = { width: 1280, height: 1400 };
/** Above this the README's page gets heavy; the dialogs are far below it. */
const MAX_BYTES = 150 * 1024;

interface CredentialShot {
	/** The credential type's name; also names the PNG. */
	type: string;
	/** What the "Create credential" picker lists. */
	displayName: string;
	/** Placeholder values typed into its fields (by parameter name); the other fields keep their defaults. */
	values: Record<string, string>;
}

const CREDENTIALS: CredentialShot[] = [
	{ type: 'kinguinWebhookApi', displayName: 'Kinguin Webhook API', values: { secret: 'placeholder-secret-key' } },
	{ type: 'kinguinApi', displayName: 'Kinguin API', values: { apiKey: 'placeholder-api-key' } },
	{ type: 'shopkitApi', displayName: 'Shopkit API', values: { apiKey: 'placeholder-api-key', appClientSecret: 'placeholder-client-secret' } },
	{ type: 'tikiOAuth2Api', displayName: 'Tiki OAuth2 API', values: { clientId: 'your-client-id', clientSecret: 'placeholder-client-secret' } },
	{
		type: 'shopgateApi',
		displayName: 'Shopgate API',
		values: {
			merchantCode: 'your-merchant-code',
			clientId: 'your-client-id',
			clientSecret: 'placeholder-client-secret',
			username: 'api-user@merchant.example',
			password: 'placeholder-password',
		},
	},
	{ type: 'supplierMarketplaceWebhookApi', displayName: 'Supplier Marketplace Webhook API', values: { secret: 'placeholder-webhook-secret' } },
	{
		type: 'supplierMarketplaceApi',
		displayName: 'Supplier Marketplace API',
		values: { apiUrl: 'https://supplier.example/api/stock', apiToken: 'placeholder-api-token' },
	},
];

async function signIn(page: Page, baseUrl: string, owner: { email: string; password: string }): Promise<void> {
	await page.goto(`${baseUrl}/signin`);
	await page.getByTestId('emailOrLdapLoginId').locator('input').fill(owner.email);
	await page.getByTestId('password').locator('input').fill(owner.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}

/**
 * Opens a new credential of `displayName` the way the Credentials page's "Create credential" does (so n8n tests
 * nothing and sends no request to the platform), types the placeholder values and crops to the dialog.
 */
async function photograph(page: Page, baseUrl: string, { displayName, values }: CredentialShot, file: string): Promise<void> {
	await page.goto(`${baseUrl}/home/credentials/create`);
	const picker = page.getByTestId('new-credential-type-select');
	await picker.click();
	await picker.locator('input').fill(displayName);
	await page.getByTestId('new-credential-type-select-option').filter({ hasText: displayName }).first().click();
	await page.getByTestId('new-credential-type-button').click();

	// n8n's Modal puts its test id on the dialog box itself, so this crops to the dialog, not the overlay
	const dialog = page.getByTestId('editCredential-modal');
	await dialog.getByText(displayName, { exact: true }).waitFor();
	for (const [name, value] of Object.entries(values)) {
		await dialog.getByTestId(`parameter-input-${name}`).locator('input, textarea').first().fill(value);
	}
	await dialog.getByText(displayName, { exact: true }).click(); // out of the last field, so no caret or focus ring
	await dialog.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
	const bytes = statSync(file).size;
	if (bytes > MAX_BYTES) throw new Error(`${file} is ${bytes} bytes, over ${MAX_BYTES}: crop it further`);
	process.stdout.write(`${file}: ${bytes} bytes\n`);
}

async function main(): Promise<void> {
	const runtime = await ensureRuntime();
	const tarball = await packProject();
	const n8n = await startN8n(runtime, { packages: [tarball], editor: true, readyTimeoutMs: 300_000 });
	const browser = await launchChromium();
	try {
		mkdirSync(IMAGES, { recursive: true });
		selectors.setTestIdAttribute('data-test-id');
		const context = await browser.newContext({ viewport: VIEWPORT });
		context.setDefaultTimeout(30_000);
		context.setDefaultNavigationTimeout(120_000);
		const page = await context.newPage();
		await signIn(page, n8n.baseUrl, n8n.owner);
		for (const credential of CREDENTIALS) await photograph(page, n8n.baseUrl, credential, join(IMAGES, `${credential.type}.png`));
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
