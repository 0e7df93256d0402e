// a11y.test.mjs — axe-core on every page there is (issue 4, JIS X 8341-3:2016
// level AA, checked as WCAG 2.0/2.1 A and AA): a violation of impact serious
// or critical fails the page's test; moderate and minor ones are printed as
// diagnostics for the web engineer.  The page's CSP stays on while axe runs,
// and a page that breaks it (inline style or script) fails too.
//
// TODO for the web engineer (pages to add to PAGES when they exist): every
// plan section page and its edit form (with a validation error shown), the
// systems × components gap heat map, the budget chart (SVG: title/desc), the
// training calendar month grid, the dependency graph, the version list and
// the comparison of two versions, the CSV/XLSX import preview, and (issue 5)
// the check-in page and the crisis boards at 390×844.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { blocking, formatViolations, launchBrowser, newContext, runAxe, sessionState, startServer } from './server.mjs';

let server;
let browser;

before(async () => {
	server = await startServer();
	browser = await launchBrowser();
});

after(async () => {
	await browser?.close();
	const r = await server?.stop();
	if (r) assert.equal(r.code, 0, `itbcp serve did not exit cleanly:\n${r.stderr}`);
});

// Each page: who opens it, how to get it into the state to check, the
// status it should answer.
const PAGES = [
	{ name: 'login', user: null, path: '/login', status: 200 },
	{
		name: 'login with an error',
		user: null,
		path: '/login',
		status: 422,
		act: async (page) => {
			await page.getByLabel('ユーザー名').fill('admin');
			await page.getByLabel('パスワード').fill('wrong-password');
			return clickAndWait(page, page.getByRole('button', { name: 'ログイン' }));
		},
	},
	{ name: 'login (English)', user: null, path: '/login?lang=en', status: 200 },
	{ name: 'dashboard', user: 'admin', path: '/', status: 200 },
	{ name: 'dashboard (English)', user: 'viewer', path: '/?lang=en', status: 200 },
	{ name: 'dashboard, phone size', user: 'viewer', path: '/', status: 200, viewport: { width: 390, height: 844 } },
	{ name: 'account (password change)', user: 'viewer', path: '/account/password', status: 200 },
	{
		name: 'account with errors',
		user: 'planner',
		path: '/account/password',
		status: 422,
		act: async (page) => {
			await page.getByLabel('現在のパスワード').fill('wrong-password');
			await page.getByLabel('新しいパスワード（8文字以上）').fill('short');
			return clickAndWait(page, page.getByRole('button', { name: '変更する' }));
		},
	},
	{ name: 'users (admin)', user: 'admin', path: '/admin/users', status: 200 },
	{
		name: 'users with errors',
		user: 'admin',
		path: '/admin/users',
		status: 422,
		act: async (page) => {
			await page.getByLabel(/^ユーザー名/).fill('bad name!');
			await page.getByLabel(/^初期パスワード/).fill('short');
			return clickAndWait(page, page.getByRole('button', { name: '追加する' }));
		},
	},
	{ name: 'audit log', user: 'admin', path: '/admin/audit', status: 200 },
	{ name: '403 page', user: 'viewer', path: '/admin/audit', status: 403 },
	{ name: '404 page', user: null, path: '/no/such/page', status: 404 },
];

/** Clicks a submit button and returns the response of the POST it makes. */
async function clickAndWait(page, button) {
	const [resp] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST'),
		button.click(),
	]);
	await page.waitForLoadState();
	return resp;
}

describe('accessibility (axe, WCAG 2.x A/AA)', () => {
	for (const p of PAGES) {
		test(p.name, async (t) => {
			const options = p.viewport ? { viewport: p.viewport } : {};
			if (p.user) options.storageState = await sessionState(browser, server, server.users[p.user]);
			const context = await newContext(browser, server.url, options);
			const page = await context.newPage();
			let resp = await page.goto(p.path);
			if (p.act) resp = await p.act(page);
			assert.equal(resp.status(), p.status, `${p.path} status`);

			const { violations, incomplete } = await runAxe(page);
			if (incomplete.length)
				t.diagnostic(`${p.name}: for a person to check: ${incomplete.map((v) => `${v.id} (${v.nodes.length})`).join(', ')}`);
			const minor = violations.filter((v) => !blocking([v]).length);
			if (minor.length) t.diagnostic(`${p.name}: not blocking:\n${formatViolations(minor)}`);
			const bad = blocking(violations);
			assert.equal(bad.length, 0, `${p.name} (${p.path}): serious/critical axe violations:\n${formatViolations(bad)}`);
			assert.deepEqual(context.consoleErrors, [], 'console errors (CSP, missing resources)');
			await context.close();
		});
	}
});
