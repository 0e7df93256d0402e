// links.test.mjs — every link leads somewhere (issue 16, item 12): as each
// role, every same-origin link of every page of the demo plan answers
// neither 404 nor 500, and a 404 page keeps the menu.
//
// Fast by design (the suite's total time matters): the pages are fetched
// with node's fetch (httpSession(): no rendering, and no trip through
// Playwright's protocol: the file's node processes took 11-14 s of CPU
// with a browser context's request API, 6.6-7.7 s with fetch, session 13),
// CRAWLERS requests in flight per role, and the links are read from the
// HTML with a regular expression (the server writes every href="…" itself,
// escaped by html()).  What the server sets on the way (the language a
// ?lang= link chooses) is kept for the next request, as in a browser.
// A link that differs from one already followed only by ?lang= is the same
// page in the other language: it is followed once per path, not per page.
// PDF, ODT and XLSX downloads are left to tests/cli/web_documents.sh (they
// are made from the same document as the HTML, slowly under ASan).

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { ROOT, USERS, httpSession, launchBrowser, newContext, sessionState, startServer, stopAll } from './server.mjs';

// The crawl downloads the figures (Graphviz: tests/lsan.supp), as roles.test.mjs does.
process.env.LSAN_OPTIONS ??= `suppressions=${join(ROOT, 'tests', 'lsan.supp')}`;

const CRAWLERS = 4;
const QUERY_VARIANTS = 3;

let server;
let browser;

// Each role's session, signed in one after the other: the server hashes
// one password at a time and answers a second sign-in meanwhile 503.
const states = {};

before(async () => {
	server = await startServer();
	browser = await launchBrowser();
	for (const role of Object.keys(USERS)) states[role] = await sessionState(server, server.users[role]);
});

after(() => stopAll(server, browser));

// The hrefs of an HTML page, entity references undone.
const hrefsOf = (html) =>
	[...html.matchAll(/\shref="([^"]*)"/g)].map((m) =>
		m[1].replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'),
	);

// Crawls from / as the person of http (httpSession()); returns { checked, bad } where bad
// lists "STATUS PATH (from PAGE)" for every 404 or 5xx.
async function crawl(http, origin) {
	const queue = [{ path: '/', from: '(start)' }];
	const seen = new Set(['/']);
	const shapes = new Map();
	const bad = [];
	let checked = 0;
	let busy = 0;
	const visit = async ({ path, from }) => {
		const r = await http.get(path);
		checked++;
		const status = r.status;
		if (status === 404 || status >= 500) bad.push(`${status} ${path} (from ${from})`);
		if (status !== 200 || !r.type.startsWith('text/html')) return;
		const here = new URL(path, origin);
		for (const href of hrefsOf(r.text())) {
			const u = new URL(href, here);
			if (u.origin !== origin || u.pathname.startsWith('/assets/')) continue;
			if (u.pathname.startsWith('/documents/') && /\/(pdf|odt|xlsx)$/.test(u.pathname)) continue;
			// The language switch leads to this very page: checked by
			// comparing addresses (the page itself answered 200).
			if (u.searchParams.has('lang')) {
				u.searchParams.delete('lang');
				const back = new URL(here);
				back.searchParams.delete('lang');
				if (u.href === back.href) continue;
			}
			const next = u.pathname + u.search;
			if (seen.has(next)) continue;
			// The same address with other query values (?fy=2027, 2028 … as
			// far as the calendar goes; ?system=X for every system) is the
			// same code: a few of each.
			const shape = `${u.pathname}?${[...u.searchParams.keys()].sort().join('&')}`;
			const n = shapes.get(shape) ?? 0;
			if (u.search && n >= QUERY_VARIANTS) continue;
			shapes.set(shape, n + 1);
			seen.add(next);
			queue.push({ path: next, from: path });
		}
	};
	const crawler = async () => {
		for (;;) {
			const next = queue.shift();
			if (next === undefined) {
				if (busy === 0) return;
				await new Promise((res) => setTimeout(res, 10));
				continue;
			}
			busy++;
			try {
				await visit(next);
			} finally {
				busy--;
			}
		}
	};
	await Promise.all(Array.from({ length: CRAWLERS }, crawler));
	return { checked, bad, seen };
}

describe('links', { concurrency: 2 }, () => {
	for (const role of Object.keys(USERS)) {
		test(`${role}: no link of any page answers 404 or 500`, async () => {
			const origin = new URL(server.url).origin;
			const { checked, bad, seen } = await crawl(httpSession(server.url, states[role]), origin);
			assert.deepEqual(bad, [], `${role}: ${bad.length} of ${checked} links lead nowhere`);
			// The crawl really went through the plan: the findings and an
			// element page reached from them.
			assert.ok(seen.has('/views/findings'), `${role} reached the findings (${checked} links)`);
			assert.ok([...seen].some((p) => p.startsWith('/plan/assessments/')), `${role} reached an assessment`);
			assert.ok(checked > 100, `${role} followed ${checked} links`);
		});
	}

	test('a 404 page keeps the menu for a signed-in person', async () => {
		const context = await newContext(browser, server.url, { storageState: states.viewer });
		const page = await context.newPage();
		const resp = await page.goto('/no/such/page');
		assert.equal(resp.status(), 404);
		await page.getByRole('heading', { level: 1, name: 'ページが見つかりません' }).waitFor();
		const nav = page.getByRole('navigation', { name: 'メニュー' });
		assert.equal(await nav.getByRole('link', { name: '計画', exact: true }).count(), 1, 'the menu is there');
		await context.close();
	});
});
