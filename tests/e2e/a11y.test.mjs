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
// the comparison of two versions, the CSV/XLSX import preview.  The
// check-in page and the incident pages are below.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';

import { blocking, formatViolations, launchBrowser, newContext, runAxe, sessionState, startServer, stopAll } from './server.mjs';

let server;
let browser;

before(async () => {
	server = await startServer();
	browser = await launchBrowser();
	startIncident(server);
});

// Incident 1 for the incident pages: a drill started an hour ago through
// the CLI, with one person checked in and one system under way.
function startIncident(s) {
	const cli = (...args) => {
		const r = spawnSync(s.bin, ['--db', s.db, ...args, '--as', 'a11y'], { encoding: 'utf8' });
		assert.equal(r.status, 0, `itbcp ${args.join(' ')}: ${r.stderr}`);
	};
	const hourAgo = new Date(Date.now() - 3600_000 + 9 * 3600_000).toISOString().slice(0, 16) + '+09:00';
	cli('incident', 'start', '--event', 'disaster', '--at', hourAgo, '--intensity', '6-', '--area', '東京都', '--drill');
	cli('incident', 'checkin', '1', 'p-sato', '--status', 'safe', '--location', '自宅');
	cli('incident', 'system', '1', 'sys-a', '--damage', 'degraded', '--state', 'in_progress');
	// Delivery's links and a hold (issue 14): incident 2's call-out is on
	// hold (no sender runs: nothing is sent), and a link can be shown as a
	// QR code.
	const set = (k, v) => {
		const r = spawnSync(s.bin, ['--db', s.db, 'deliver', 'set', k, v], { encoding: 'utf8' });
		assert.equal(r.status, 0, `deliver set ${k}: ${r.stderr}`);
	};
	set('public_url', 'https://bcp.example.go.jp');
	set('callout_hold', '1800');
	cli('incident', 'start', '--event', 'disaster', '--at', hourAgo, '--intensity', '6-', '--area', '東京都', '--drill');
	// p-suzuki's personal check-in address, path only (the link's host is
	// the one people reach from outside, not the test server).
	const r = spawnSync(s.bin, ['--db', s.db, 'incident', 'tokens', '--json'], { encoding: 'utf8' });
	assert.equal(r.status, 0, r.stderr);
	const link = JSON.parse(r.stdout).find((t) => t.person === 'p-suzuki');
	checkinPath = new URL(link.url, 'http://x').pathname;
}
let checkinPath = '';

after(() => stopAll(server, browser));

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
	// the second factor: the code step after the password, the account
	// page and the set-up page with its QR code (issue 15, item 9)
	{
		name: 'sign-in code step',
		user: null,
		path: '/login',
		status: 303,
		act: async (page) => {
			// (503: another page's sign-in holds the hashing turn; wait as asked)
			for (let attempt = 1; ; attempt++) {
				await page.getByLabel('ユーザー名').fill('admin');
				await page.getByLabel('パスワード').fill(server.users.admin.password);
				const resp = await clickAndWait(page, page.getByRole('button', { name: 'ログイン' }));
				if (resp.status() !== 503 || attempt === 10) return resp;
				await page.waitForTimeout(1000 * Number(resp.headers()['retry-after'] ?? 1));
			}
		},
	},
	{ name: 'second factor (account)', user: 'viewer', path: '/account/totp', status: 200 },
	{
		name: 'second factor set-up (QR code)',
		user: 'viewer',
		path: '/account/totp',
		status: 200,
		act: (page) => clickAndWait(page, page.getByRole('button', { name: '設定を始める' })),
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
	// one account: the forms that revoke and change it (issue 15)
	{ name: 'one account (admin)', user: 'admin', path: '/admin/users/viewer', status: 200 },
	{
		name: 'one account with an error',
		user: 'admin',
		path: '/admin/users/viewer',
		status: 422,
		act: async (page) => {
			await page.getByLabel(/^仮のパスワード/).fill('12345678');
			return clickAndWait(page, page.getByRole('button', { name: 'リセットする' }));
		},
	},
	{ name: 'audit log', user: 'admin', path: '/admin/audit', status: 200 },
	{ name: 'delivery settings', user: 'admin', path: '/admin/delivery', status: 200 },
	{
		name: 'delivery settings, refused',
		user: 'admin',
		path: '/admin/delivery',
		status: 422,
		act: async (page) => {
			await page.locator('#f-smtp_url').fill('http://mail.example.go.jp');
			return clickAndWait(page, page.getByRole('button', { name: '保存する' }));
		},
	},
	{ name: '403 page', user: 'viewer', path: '/admin/audit', status: 403 },
	{ name: '404 page', user: null, path: '/no/such/page', status: 404 },
	// documents, plan pages with their documents, version comparison (issue 4)
	{ name: 'documents (viewer)', user: 'viewer', path: '/documents', status: 200 },
	{ name: 'documents (planner, English)', user: 'planner', path: '/documents?lang=en', status: 200 },
	{ name: 'wallet card form', user: 'planner', path: '/documents/card/p-sato?lang=ja', status: 200 },
	{
		name: 'wallet card form with an error',
		user: 'planner',
		path: '/documents/card/p-sato',
		status: 422,
		act: async (page) => {
			await page.getByLabel('住所').fill('あ'.repeat(200));
			return clickAndWait(page, page.getByRole('button', { name: 'PDFを作成' }));
		},
	},
	{ name: 'plan sections', user: 'viewer', path: '/plan', status: 200 },
	{ name: 'systems list', user: 'viewer', path: '/plan/systems', status: 200 },
	{ name: 'person page (planner)', user: 'planner', path: '/plan/people/p-sato', status: 200 },
	{ name: 'version comparison', user: 'viewer', path: '/versions/compare?from=current&to=draft', status: 200 },
	// the personal check-in page (issue 5), no sign-in, on a phone
	{ name: 'check-in page, phone size', user: null, get path() { return checkinPath; }, status: 200, viewport: { width: 390, height: 844 } },
	{ name: 'check-in page (English)', user: null, get path() { return checkinPath + '?lang=en'; }, status: 200 },
	// the incident pages (issue 5; incident 1 is made in before())
	{ name: 'incidents and the start form', user: 'responder', path: '/incidents', status: 200 },
	{
		name: 'start form with an error',
		user: 'responder',
		path: '/incidents',
		status: 422,
		act: async (page) => {
			await page.getByLabel('発生日時（日本時間）').fill('2099-01-01T00:00');
			return clickAndWait(page, page.getByRole('button', { name: '発動する' }));
		},
	},
	{ name: 'incident board', user: 'responder', path: '/incidents/1', status: 200 },
	{ name: 'incident board, call-out on hold', user: 'responder', path: '/incidents/2', status: 200 },
	{
		name: "a person's link as a QR code",
		user: 'responder',
		path: '/incidents/1',
		status: 200,
		act: async (page) => {
			await page.getByLabel('報告した人').selectOption('p-suzuki');
			return clickAndWait(page, page.getByRole('button', { name: 'この人のリンクをQRコードで表示' }));
		},
	},
	{ name: 'incident board, viewer, phone size', user: 'viewer', path: '/incidents/1', status: 200, viewport: { width: 390, height: 844 } },
	{ name: 'incident board (English)', user: 'viewer', path: '/incidents/1?lang=en', status: 200 },
	{ name: 'incident checklist', user: 'responder', path: '/incidents/1/steps', status: 200 },
	{ name: 'incident systems and recovery chart', user: 'responder', path: '/incidents/1/systems', status: 200 },
	{
		name: 'incident system form with an error',
		user: 'responder',
		path: '/incidents/1/systems/mail',
		status: 422,
		act: async (page) => {
			await page.getByLabel('作業状況').selectOption({ label: '復旧済み' });
			return clickAndWait(page, page.getByRole('button', { name: '記録する' }));
		},
	},
	{ name: 'incident report', user: 'viewer', path: '/incidents/1/report', status: 200 },
	{ name: 'incident timeline', user: 'responder', path: '/incidents/1/timeline', status: 200 },
	{ name: 'incident review and close form', user: 'responder', path: '/incidents/1/review', status: 200 },
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

// The pages are independent, so three are checked at a time (SLOTS): axe
// and the browser take most of the time, the server little.
// Three tabs, each a context of its own, serve every page in turn: a new
// context and tab cost Chromium ~0.2-1 s of CPU (a renderer of its own,
// its fonts loaded again) and axe's first run in a renderer ~1 s more than
// in one that has run it before (session 12: a11y took 131 s of Chromium's
// CPU with a tab per page, 92 with a tab per person and screen size;
// issue 13: seven such tabs -> three).  Each visit is still a new document
// (axe is loaded into it afresh and sees nothing of the page before), at
// the page's screen size (the tab's viewport set to it), and starts from
// the person's own cookies, put back before every visit: what a page that
// acts changes (a sign-in's cookies) reaches no other page.  The pages of
// one person and screen size are still visited one after the other, in
// the order of PAGES, as when each had a tab of its own (the second
// factor's set-up comes after the page that shows it not set up).
const SLOTS = 3;
const DEFAULT_VIEWPORT = { width: 1280, height: 720 }; // Playwright's, as newContext() gives
const idle = [];
const waiting = [];
const contexts = [];
/** A tab no visit is using: an idle one, a new one (SLOTS at most), or the next one let go. */
async function takeTab() {
	if (idle.length) return idle.pop();
	if (contexts.length < SLOTS) {
		const context = newContext(browser, server.url, { viewport: DEFAULT_VIEWPORT });
		contexts.push(context);
		return { context: await context, page: await (await context).newPage() };
	}
	return new Promise((res) => waiting.push(res));
}
function letGo(tab) {
	const next = waiting.shift();
	if (next) next(tab);
	else idle.push(tab);
}
const turns = new Map();
/** Runs visit(context, page) in a tab, after the pages before it of p's person and screen size. */
function inTab(p, visit) {
	const key = `${p.user}|${p.viewport?.width ?? ''}`;
	const state = p.user ? sessionState(server, server.users[p.user]) : Promise.resolve(null);
	const run = (turns.get(key) ?? Promise.resolve()).then(async () => {
		const st = await state;
		const tab = await takeTab();
		try {
			await tab.context.clearCookies();
			if (st) await tab.context.addCookies(st.cookies);
			const size = p.viewport ?? DEFAULT_VIEWPORT;
			const now = tab.page.viewportSize();
			if (now?.width !== size.width || now?.height !== size.height) await tab.page.setViewportSize(size);
			return await visit(tab.context, tab.page);
		} finally {
			letGo(tab);
		}
	});
	turns.set(key, run.catch(() => {}));
	return run;
}
after(() => Promise.all(contexts.map(async (context) => (await context).close())));

/** Checks the page p in page (of context): status, axe, console errors. */
async function checkPage(t, p, context, page) {
	const errorsBefore = context.consoleErrors.length;
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
	const mine = context.consoleErrors.slice(errorsBefore).filter((m) => m.startsWith(`${page.url()}: `));
	assert.deepEqual(mine, [], 'console errors (CSP, missing resources)');
}

describe('accessibility (axe, WCAG 2.x A/AA)', { concurrency: 3 }, () => {
	for (const p of PAGES) {
		test(p.name, (t) => inTab(p, (context, page) => checkPage(t, p, context, page)));
	}
});
