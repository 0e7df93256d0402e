// run.mjs — runs the browser tests (tests/e2e/*.test.mjs) the way
// tests/run.sh does: `node tests/e2e/run.mjs [FILE…]`.
//
// The files run in this one process, each as a suite of its own (named
// after the file: its before() and after() hooks are that suite's, so a
// file still sets up and tears down around its own tests alone), and
// E2E_CONCURRENCY of them at a time (default 2: most of a file's time is
// waiting on the server or the browser).  What every file used to make for
// itself is made once here and shared:
//
//  - one headless Chromium, launched here; a file's launchBrowser() gets a
//    view of it (server.mjs: shareBrowser()) whose newContext() makes the
//    file's own browser contexts (cookies, storage) and whose close()
//    closes those contexts only;
//  - one demo database with the users of every role (ITBCP_E2E_TEMPLATE_DB:
//    `init --demo` and four `user add`, argon2id under ASan, once), which
//    startServer() copies for each server.  Each file still starts its own
//    server on its own copy: the files change the plan, start incidents
//    and sign people out, and each checks what it finds against a fresh
//    demo plan.
//
// One process rather than one per file (node --test) and the browser in it
// rather than behind Playwright's browser server: playwright-core is loaded
// once (~0.7 s of CPU a process), and every call to the browser goes
// straight to Chromium instead of through a WebSocket to a second node
// process that passed it on (issue 13: ~12 s of node's CPU a run).  Run one
// file alone with `node --test tests/e2e/FILE` as before: it then starts
// what it needs.

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { after, describe } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { launchSharedBrowser, makeDemoDatabase } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const files = process.argv.length > 2
	? process.argv.slice(2).map((f) => resolve(f))
	: readdirSync(here).filter((f) => f.endsWith('.test.mjs')).sort().map((f) => join(here, f));

const dir = mkdtempSync(join(tmpdir(), 'itbcp-e2e-template-'));
// (removed when the process exits, whatever ends the run)
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const template = join(dir, 'template.db');
// (the database is made while Chromium starts)
const launched = launchSharedBrowser();
try {
	makeDemoDatabase(template);
} catch (err) {
	await launched.then((b) => b.close(), () => {});
	rmSync(dir, { recursive: true, force: true });
	throw err;
}
const browser = await launched;
process.env.ITBCP_E2E_TEMPLATE_DB = template;

after(async () => {
	await browser.close();
	rmSync(dir, { recursive: true, force: true });
});

// (a file's own tests one at a time, as when it is a process of its own:
// a suite takes its parent's concurrency unless told)
describe('e2e', { concurrency: Number(process.env.E2E_CONCURRENCY || 2) }, () => {
	for (const file of files)
		describe(basename(file), { concurrency: 1 }, async () => {
			await import(pathToFileURL(file).href);
		});
});
