// run.mjs — runs the browser tests (tests/e2e/*.test.mjs) the way
// tests/run.sh does: `node tests/e2e/run.mjs [FILE…]`.
//
// What every test file used to make for itself is made once here and
// shared, each piece through an environment variable server.mjs reads:
//
//  - one headless Chromium (playwright-core's launchServer), which each
//    file connects to (ITBCP_E2E_BROWSER_WS) instead of launching its own;
//    a file still gets its own browser contexts (cookies, storage), and
//    closing its browser only disconnects it;
//  - one demo database with the users of every role (ITBCP_E2E_TEMPLATE_DB:
//    `init --demo` and four `user add`, argon2id under ASan, once), which
//    startServer() copies for each server.  Each file still starts its own
//    server on its own copy: the files change the plan, start incidents
//    and sign people out, and each checks what it finds against a fresh
//    demo plan.
//
// The files run E2E_CONCURRENCY at a time (default 2: most of a file's
// time is waiting on the server or the browser).  Run one file alone with
// `node --test tests/e2e/FILE` as before: it then starts what it needs.

import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { launchBrowserServer, makeDemoDatabase } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const files = process.argv.length > 2
	? process.argv.slice(2)
	: readdirSync(here).filter((f) => f.endsWith('.test.mjs')).sort().map((f) => join(here, f));

const dir = mkdtempSync(join(tmpdir(), 'itbcp-e2e-template-'));
let browserServer = null;
let code = 1;
try {
	const template = join(dir, 'template.db');
	const [bs] = await Promise.all([launchBrowserServer(), Promise.resolve(makeDemoDatabase(template))]);
	browserServer = bs;
	const child = spawn(process.execPath, ['--test', `--test-concurrency=${process.env.E2E_CONCURRENCY || 2}`, ...files], {
		stdio: 'inherit',
		env: { ...process.env, ITBCP_E2E_BROWSER_WS: browserServer.wsEndpoint(), ITBCP_E2E_TEMPLATE_DB: template },
	});
	const stop = (sig) => child.kill(sig);
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	code = await new Promise((res) => child.once('exit', (c, s) => res(c ?? (s ? 1 : 0))));
} finally {
	await browserServer?.close();
	rmSync(dir, { recursive: true, force: true });
}
process.exit(code);
