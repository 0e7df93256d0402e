// roles.test.mjs — what each role may open, in the browser (issue 4):
// the admin pages refused to everyone but admins with a 403 page, and a
// viewer shown no personal phone numbers anywhere it can go.
//
// TODO for the web engineer (tests to add here when the pages exist):
//   - a viewer refused an edit: the plan forms are not offered to a viewer,
//     and a POST made anyway (form copied from a planner's page) answers 403
//     and changes nothing (`itbcp export` identical before and after);
//   - a responder (and a planner) sees the contact lists with mobile and
//     home numbers (表2.2-1/2.2-2), where a viewer sees only work numbers —
//     the positive side of the check below;
//   - the same access table for every JSON API route, with errors as JSON;
//   - the crawl below then covers the plan pages as they are added (it
//     follows every link a viewer is shown, so nothing needs listing here).

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { ROOT, httpSession, launchBrowser, newContext, sessionState, signIn, startServer, stopAll } from './server.mjs';

// The crawl downloads the figures (Graphviz measures text with fontconfig,
// whose caches are not ours to free: tests/lsan.supp), as tests/run.sh does.
process.env.LSAN_OPTIONS ??= `suppressions=${join(ROOT, 'tests', 'lsan.supp')}`;

let server;
let browser;

before(async () => {
	server = await startServer();
	browser = await launchBrowser();
});

after(() => stopAll(server, browser));

// One tab for the tests below, its cookies cleared before each and the
// given session's put in (none: signed out, as in a new browser): what a
// test did to its cookies reaches no other test, and no page here keeps
// anything but cookies.  (A context and tab each cost Chromium a renderer
// each; session 13.)
let shared;
async function freshTab(state) {
	if (!shared) {
		const context = await newContext(browser, server.url);
		shared = { context, page: await context.newPage() };
	}
	await shared.context.clearCookies();
	if (state) await shared.context.addCookies(state.cookies);
	return shared.page;
}

// Who may open which page (GET): 200 for these roles, 403 for the others.
const ACCESS = [
	{ path: '/', roles: ['admin', 'planner', 'responder', 'viewer'] },
	{ path: '/account/password', roles: ['admin', 'planner', 'responder', 'viewer'] },
	{ path: '/admin/users', roles: ['admin'] },
	{ path: '/admin/audit', roles: ['admin'] },
	{ path: '/admin/delivery', roles: ['admin'] },
];

describe('access by role', () => {
	test('a viewer is refused /admin/users with a 403 page', async () => {
		const page = await freshTab(null);
		await signIn(page, server.users.viewer);
		// The menu does not offer what the viewer may not open.
		const nav = page.getByRole('navigation', { name: 'メニュー' });
		assert.equal(await nav.getByRole('link', { name: 'ユーザー' }).count(), 0);
		assert.equal(await nav.getByRole('link', { name: '監査ログ' }).count(), 0);
		// Typing the address anyway gets a 403 page that says why, and a way on.
		const resp = await page.goto('/admin/users');
		assert.equal(resp.status(), 403);
		await assert.doesNotReject(page.getByRole('heading', { level: 1, name: 'アクセスできません' }).waitFor());
		assert.equal(await page.getByRole('table').count(), 0, 'no user list on the 403 page');
		assert.doesNotMatch(await page.content(), /admin-pass|planner-pass|responder/, 'nothing about other users');
		await assert.doesNotReject(page.getByRole('link', { name: 'トップページへ' }).waitFor());
	});

	for (const role of ['admin', 'planner', 'responder', 'viewer']) {
		test(`${role}: each page answers 200 or 403 as the role allows`, async () => {
			const page = await freshTab(await sessionState(server, server.users[role]));
			for (const { path, roles } of ACCESS) {
				const resp = await page.goto(path);
				assert.equal(resp.status(), roles.includes(role) ? 200 : 403, `${role} GET ${path}`);
				assert.equal(new URL(page.url()).pathname, path, `${role} GET ${path} not redirected`);
			}
		});
	}

	test('signed out, every page sends you to sign in', async () => {
		const page = await freshTab(null);
		for (const { path } of ACCESS) {
			await page.goto(path);
			const u = new URL(page.url());
			assert.equal(u.pathname, '/login', `anonymous GET ${path}`);
			assert.equal(u.searchParams.get('next'), path, `returns to ${path} after sign-in`);
		}
	});
});

// "090-0000-1001", "090 0000 1001", "(090)0000-1001" all become
// "09000001001": runs of digits split by one other character are joined.
const joinDigits = (s) => s.replace(/\D/g, ' ').replace(/(\d) (?=\d)/g, '$1');

describe('personal data', () => {
	test('a viewer sees no personal phone numbers on any page it can open', async () => {
		// The personal numbers of the demo plan, as stored (mobile, home).
		const plan = server.exportPlan();
		const personal = new Set();
		for (const p of plan.people ?? [])
			for (const k of ['mobile', 'home_phone']) if (p[k]) personal.add(p[k]);
		assert.ok(personal.size >= 5, `the demo plan has personal numbers to look for (${personal.size})`);
		// Numbers may be written with or without hyphens: compare digits only.
		const digits = [...personal].map((n) => n.replace(/\D/g, '')).filter((d) => d.length >= 9);

		// The viewer's session (its form in a browser: the test above).
		const http = httpSession(server.url, await sessionState(server, server.users.viewer));

		// Every same-origin page a viewer is led to, in both languages, opened
		// CRAWLERS at a time (one session, as the tabs of one browser would):
		// the crawl is most of this file's time, and each page mostly waits
		// on the server.
		const origin = new URL(server.url).origin;
		const queue = ['/', '/?lang=en', '/?lang=ja'];
		const seen = new Set();
		const opened = [];
		const downloaded = [];
		let busy = 0;
		const visit = async (path) => {
			// Files (/documents/…) are downloads, not pages: the text ones (CSV,
			// Markdown, HTML, SVG, iCalendar) are fetched and read the same way;
			// PDF, ODT and XLSX are made from the same document as the HTML and
			// are compressed, so they are left to tests/cli/web_documents.sh.
			if (path.startsWith('/documents/')) {
				if (/\/(pdf|odt|xlsx)(\?|$)/.test(path)) return;
				const r = await http.get(path, { follow: true });
				assert.ok(r.status === 200 || r.status === 403 || r.status === 404, `${path}: ${r.status}`);
				if (r.status === 200) downloaded.push(path);
				if (!/^(text\/|image\/svg)/.test(r.type)) return;
				const body = joinDigits(r.text());
				for (const [i, d] of digits.entries())
					assert.ok(!body.includes(d), `${path} holds the personal number ${[...personal][i]}`);
				return;
			}
			// Fetched, not rendered: no page carries a script (asserted
			// here), so what a viewer is shown is the HTML's own text, and a
			// number absent from the HTML cannot be on the screen.  (Opening
			// each of ~200 pages in the browser was most of the run's CPU.)
			const resp = await http.get(path, { follow: true });
			if (resp.status !== 200 || new URL(resp.url).pathname === '/login') return;
			if (!resp.type.startsWith('text/html')) return;
			opened.push(path);
			const raw = resp.text();
			assert.doesNotMatch(raw, /<script/i, `${path} carries a script: check its rendered text too`);
			const html = joinDigits(raw);
			for (const [i, d] of digits.entries())
				assert.ok(!html.includes(d), `${path} holds the personal number ${[...personal][i]} in its HTML`);
			const hrefs = [...raw.matchAll(/\shref="([^"]*)"/g)].map((m) =>
				m[1].replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'),
			);
			for (const href of hrefs) {
				const u = new URL(href, resp.url);
				if (u.origin !== origin || u.pathname.startsWith('/assets/')) continue;
				const next = u.pathname + u.search;
				if (!seen.has(next)) queue.push(next);
			}
		};
		// A crawler takes the next unseen path; it stops when the queue is
		// empty and no other crawler is still opening a page that may add more.
		const crawler = async () => {
			for (;;) {
				if (seen.size >= 200) return;
				const path = queue.shift();
				if (path === undefined) {
					if (busy === 0) return;
					await new Promise((r) => setTimeout(r, 20));
					continue;
				}
				if (seen.has(path)) continue;
				seen.add(path);
				busy++;
				try {
					await visit(path);
				} finally {
					busy--;
				}
			}
		};
		const CRAWLERS = 3;
		await Promise.all(Array.from({ length: CRAWLERS }, crawler));
		assert.ok(opened.includes('/'), `the crawl opened the dashboard (opened: ${opened.join(' ')})`);
		assert.ok(opened.includes('/account/password'), 'the crawl followed the menu');
		assert.ok(downloaded.includes('/documents/table/contacts/csv'), 'the crawl read the contact list a viewer may download');
	});
});
