// `npm run scan`: n8n's verification scan (@n8n/scan-community-package) over this package as it would be
// published: built, packed with `npm pack`, unpacked, then linted with the scanner's own configuration.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { analyzePackage } from '@n8n/scan-community-package/scanner/scanner.mjs';

const work = mkdtempSync(join(tmpdir(), 'n8n-scan-'));
try {
	execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
	execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { stdio: ['ignore', 'ignore', 'inherit'] });
	const tarball = readdirSync(work).find((file) => file.endsWith('.tgz'));
	execFileSync('tar', ['-xzf', join(work, tarball), '-C', work]);
	const result = await analyzePackage(join(work, 'package'));
	if (!result.passed) {
		console.error(`n8n's community package scan failed: ${result.message}\n${result.details ?? ''}`);
		process.exitCode = 1;
	} else {
		console.log(`n8n's community package scan passed (${tarball})`);
	}
} finally {
	rmSync(work, { recursive: true, force: true });
}
