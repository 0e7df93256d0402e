// server.mjs — starts `$ITBCP serve` for the browser tests and stops it.
//
// startServer() makes a fresh temporary database (init --demo), adds one
// user of every role (passwords through --password-stdin, never argv),
// (or copies the one tests/e2e/run.mjs made once for every file,
// $ITBCP_E2E_TEMPLATE_DB), starts the server on 127.0.0.1 with port 0 (the kernel picks a free one;
// the server prints the address it got), waits until /login answers, and
// returns { url, users, db, exportPlan(), stop() }.  stop() sends SIGTERM,
// waits (SIGKILL after a grace period), removes the temporary directory,
// and returns { code, signal, stdout, stderr } so a test can insist on a
// clean exit (under ASan a leak or an error makes the exit code non-zero).
// A server still running when the process ends is killed (exit hook, and
// setpriv's parent-death signal when this process is killed outright), so
// no test leaves one behind, even when it fails or is interrupted.
//
// launchBrowser() starts Debian's headless Chromium (CHROMIUM below) through
// playwright-core (no browser download), or shares the one run.mjs
// launched for every file in its process; runAxe() injects axe-core into a
// page and returns its violations for WCAG 2.0/2.1 A and AA.  stopAll()
// ends a test file: browser closed, server stopped, clean exit insisted on.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCREENS_DIR = join(ROOT, 'build', 'e2e-screens');

// The ASan build starts slowly and runs argon2id slowly: generous limits.
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;
const SETPRIV = '/usr/bin/setpriv';

// The admin's second factor (admins must have one): RFC 6238's SHA-1 seed,
// the file the CLI tests use too.  signIn() answers the code step with it.
export const TOTP_SECRET_FILE = join(ROOT, 'tests', 'totp-test.secret');
export const TOTP_SECRET = readFileSync(TOTP_SECRET_FILE, 'utf8').trim();

// One user of every role; the names are the role names.
export const USERS = Object.freeze({
	admin: { name: 'admin', password: 'admin-pass-e2e-1', role: 'admin', totp: TOTP_SECRET },
	planner: { name: 'planner', password: 'planner-pass-e2e-1', role: 'planner' },
	responder: { name: 'responder', password: 'responder-pass-e2e-1', role: 'responder' },
	viewer: { name: 'viewer', password: 'viewer-pass-e2e-1', role: 'viewer' },
});

/** The binary under test: $ITBCP, else the sanitizer build, else the release build. */
export function itbcpPath() {
	const candidates = [
		process.env.ITBCP,
		join(ROOT, 'build', 'asan', 'itbcp'),
		join(ROOT, 'build', 'itbcp'),
	].filter(Boolean);
	const found = candidates.find((p) => existsSync(p));
	if (!found)
		throw new Error(`no itbcp binary (tried ${candidates.join(', ')}); run make, or set ITBCP`);
	return found;
}

const running = new Set();
function killAll() {
	for (const child of running) {
		try {
			child.kill('SIGKILL');
		} catch {
			/* already gone */
		}
	}
}
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM']) {
	process.once(sig, () => {
		killAll();
		process.kill(process.pid, sig);
	});
}

/** Runs the CLI once against db; throws with its output when it fails. */
function cli(bin, db, args, input) {
	const r = spawnSync(bin, ['--db', db, ...args], {
		input: input ?? '',
		encoding: 'utf8',
		timeout: START_TIMEOUT_MS,
	});
	if (r.status !== 0)
		throw new Error(`itbcp ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
	return r.stdout;
}

/** Makes the demo database at db with one user of every role (USERS). */
export function makeDemoDatabase(db) {
	const bin = itbcpPath();
	cli(bin, db, ['init', '--demo']);
	for (const u of Object.values(USERS))
		cli(bin, db, ['user', 'add', u.name, '--role', u.role, '--password-stdin',
			...(u.totp ? ['--totp-secret-file', TOTP_SECRET_FILE] : [])], `${u.password}\n`);
}

/** Starts a server on a fresh demo database; see the top of this file. */
export async function startServer() {
	const bin = itbcpPath();
	const dir = mkdtempSync(join(tmpdir(), 'itbcp-e2e-'));
	const db = join(dir, 'e2e.db');
	let child;
	try {
		const template = process.env.ITBCP_E2E_TEMPLATE_DB;
		if (template) {
			// (the CLI closed it: its log is checkpointed and gone, but copy
			// one if it is there)
			copyFileSync(template, db);
			if (existsSync(`${template}-wal`)) copyFileSync(`${template}-wal`, `${db}-wal`);
		} else {
			makeDemoDatabase(db);
		}

		// setpriv --pdeathsig: the server gets SIGTERM if this process dies
		// without running its exit hooks (killed by the runner, SIGKILL).
		const argv = [bin, '--db', db, 'serve', '--listen', '127.0.0.1:0'];
		const wrap = existsSync(SETPRIV) ? [SETPRIV, '--pdeathsig', 'TERM', '--'] : [];
		child = spawn([...wrap, ...argv][0], [...wrap, ...argv].slice(1), {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		running.add(child);
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (s) => (stdout += s));
		child.stderr.setEncoding('utf8').on('data', (s) => (stderr += s));
		const exited = new Promise((res) =>
			child.once('exit', (code, signal) => {
				running.delete(child);
				res({ code, signal });
			}),
		);

		const url = await waitForAddress(child, () => stdout, () => stderr, exited);
		await waitUntilAnswering(url, exited, () => stderr);

		let stopped = null;
		const stop = async () => {
			if (!stopped) {
				stopped = (async () => {
					if (child.exitCode === null && child.signalCode === null)
						child.kill('SIGTERM');
					const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
					const { code, signal } = await exited;
					clearTimeout(timer);
					rmSync(dir, { recursive: true, force: true });
					return { code, signal, stdout, stderr };
				})();
			}
			return stopped;
		};
		return {
			url,
			db,
			users: USERS,
			bin,
			/** The plan as the CLI exports it (parsed JSON). */
			exportPlan: () => JSON.parse(cli(bin, db, ['export'])),
			stderr: () => stderr,
			stop,
		};
	} catch (err) {
		if (child && child.exitCode === null) child.kill('SIGKILL');
		rmSync(dir, { recursive: true, force: true });
		throw err;
	}
}

/** Waits for "listening on http://127.0.0.1:PORT/" on the server's stdout. */
async function waitForAddress(child, out, errOut, exited) {
	const deadline = Date.now() + START_TIMEOUT_MS;
	let gone = null;
	exited.then((x) => (gone = x));
	for (;;) {
		const m = /listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(out());
		if (m) return m[1];
		if (gone)
			throw new Error(`itbcp serve exited (${gone.code ?? gone.signal}) before listening:\n${out()}${errOut()}`);
		if (Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`itbcp serve printed no address within ${START_TIMEOUT_MS} ms:\n${out()}${errOut()}`);
		}
		await sleep(50);
	}
}

/** Waits until GET /login answers 200. */
async function waitUntilAnswering(url, exited, errOut) {
	const deadline = Date.now() + START_TIMEOUT_MS;
	let gone = null;
	exited.then((x) => (gone = x));
	let last = '';
	while (Date.now() < deadline) {
		if (gone) throw new Error(`itbcp serve exited (${gone.code ?? gone.signal}):\n${errOut()}`);
		try {
			const r = await fetch(`${url}/login`, { signal: AbortSignal.timeout(5000) });
			await r.arrayBuffer();
			if (r.status === 200) return;
			last = `status ${r.status}`;
		} catch (e) {
			last = String(e);
		}
		await sleep(100);
	}
	throw new Error(`itbcp serve at ${url} did not answer /login (${last}):\n${errOut()}`);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- the browser ---------------------------------------------------------

// Debian's headless shell (package chromium-headless-shell: the same
// Chromium and Blink, built without the desktop browser around them, the
// binary Playwright itself runs for headless tests) when it is there,
// else the full browser in its headless mode.  The shell costs a third to
// a half of the full browser's CPU for the same tests (session 13: a new
// context and tab ~0.2 s against ~0.8 s; the drill 35 → 19 s, auth 27 →
// 9.5 s), and renders the same pages the same.
export const CHROMIUM = process.env.CHROMIUM ||
	['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'].find((p) => existsSync(p)) || '/usr/bin/chromium';

/**
 * The end of a test file: closes the browser, stops the server, and fails
 * unless the server exited cleanly (under ASan a leak or an error makes
 * its exit code non-zero).  Either may be missing when before() failed.
 */
export async function stopAll(server, browser) {
	await browser?.close();
	const r = await server?.stop();
	if (r) assert.equal(r.code, 0, `itbcp serve did not exit cleanly:\n${r.stderr}`);
}

const BROWSER_OPTIONS = {
	executablePath: CHROMIUM,
	args: [
		'--no-sandbox',
		'--disable-gpu',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
		'--no-first-run',
		'--disable-quic',
	],
	timeout: START_TIMEOUT_MS,
};

/**
 * The browser of a test file: a view of the one run.mjs launched for
 * every file (launchSharedBrowser()), whose newContext() makes this file's own
 * contexts and whose close() closes them (the browser goes on for the
 * other files); else, when the file runs alone, a browser of its own
 * (close() ends it).
 */
export async function launchBrowser() {
	if (shared) {
		const mine = new Set();
		return {
			async newContext(options) {
				const context = await shared.newContext(options);
				mine.add(context);
				context.once('close', () => mine.delete(context));
				return context;
			},
			close: () => Promise.all([...mine].map((c) => c.close())),
		};
	}
	const { chromium } = await import('playwright-core');
	return chromium.launch(BROWSER_OPTIONS);
}

/** The browser run.mjs launches for every file: launchBrowser() gives views of it. */
let shared = null;
export async function launchSharedBrowser() {
	const { chromium } = await import('playwright-core');
	shared = await chromium.launch(BROWSER_OPTIONS);
	return shared;
}

/**
 * A new browser context whose Accept-Language is Japanese (or locale), with
 * baseURL set, and whose console errors (CSP violations, script errors) are
 * gathered in context.consoleErrors for tests to assert on.
 */
export async function newContext(browser, url, options = {}) {
	const context = await browser.newContext({ baseURL: url, locale: 'ja-JP', ...options });
	// A bound for a request or an action that never ends, not a measure of
	// speed: under ASan, with the suite running two jobs at a time on two
	// cores, a report PDF took over 15 s once (timings stay out of
	// pass/fail; bench/ measures them).
	context.setDefaultTimeout(60_000);
	context.consoleErrors = [];
	context.on('page', (page) => watchPage(context, page));
	return context;
}

// Subresources that fail (a missing stylesheet or script) are errors; the
// favicon the browser asks for by itself is noted apart (context.missingFavicon)
// so that the tests do not fail on it.
function watchPage(context, page) {
	page.on('console', (m) => {
		if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
			context.consoleErrors.push(`${page.url()}: ${m.text()}`);
	});
	page.on('pageerror', (e) => context.consoleErrors.push(`${page.url()}: ${e.message}`));
	page.on('response', (r) => {
		if (r.status() < 400 || r.request().resourceType() === 'document') return;
		if (new URL(r.url()).pathname === '/favicon.ico') context.missingFavicon = true;
		else context.consoleErrors.push(`${page.url()}: ${r.url()} answered ${r.status()}`);
	});
	page.on('requestfailed', (q) => {
		// A page load the test itself cut short by going on (a redirect after
		// a form still loading when the next goto starts) is not a fault of
		// the page; a subresource that fails still is.
		if (q.resourceType() === 'document' && q.failure()?.errorText === 'net::ERR_ABORTED') return;
		context.consoleErrors.push(`${page.url()}: ${q.url()} failed: ${q.failure()?.errorText}`);
	});
}

/** The bytes of base32 text (RFC 4648, either case, padding ignored). */
function base32Decode(text) {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	let bits = 0;
	let value = 0;
	const out = [];
	for (const ch of text.toUpperCase().replace(/[\s=-]/g, '')) {
		const v = alphabet.indexOf(ch);
		if (v < 0) throw new Error(`not base32: ${text}`);
		value = (value << 5) | v;
		bits += 5;
		if (bits >= 8) {
			out.push((value >>> (bits - 8)) & 0xff);
			bits -= 8;
		}
	}
	return Buffer.from(out);
}

/** The RFC 6238 code (HMAC-SHA1, 6 digits) of a base32 secret for a 30-second step. */
export function totpCode(secret, step) {
	const counter = Buffer.alloc(8);
	counter.writeBigUInt64BE(BigInt(step));
	const h = createHmac('sha1', base32Decode(secret)).update(counter).digest();
	const o = h[h.length - 1] & 15;
	return String((h.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

// The last step each server (by origin) was given per secret: the server
// refuses a code of a step already used, so each sign-in takes the step
// after the last, waiting for the clock only when that is more than one
// step ahead of it (a third sign-in within 30 s).
const lastStep = new Map();
/** The next code of secret that the server at origin will take. */
export async function nextTotpCode(origin, secret) {
	const key = `${origin} ${secret}`;
	const now = () => Math.floor(Date.now() / 30_000);
	const step = Math.max(now(), (lastStep.get(key) ?? 0) + 1);
	lastStep.set(key, step);
	while (step > now() + 1) await sleep(500);
	return totpCode(secret, step);
}

/**
 * Signs in through the form, the way a person would; returns the page.
 * An account with a second factor (user.totp, its base32 secret) is asked
 * for the code next, and given it.
 * When the server says sign-ins are busy (503 with Retry-After: another
 * test's sign-in is being hashed, and this address has failed before), it
 * waits as asked and presses again, as a person would.
 */
export async function signIn(page, user, { lang = 'ja' } = {}) {
	for (let attempt = 1; ; attempt++) {
		await page.goto('/login');
		await page.getByLabel(lang === 'en' ? 'User name' : 'ユーザー名').fill(user.name);
		await page.getByLabel(lang === 'en' ? 'Password' : 'パスワード').fill(user.password);
		const [resp] = await Promise.all([
			page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login'),
			page.getByRole('button', { name: lang === 'en' ? 'Sign in' : 'ログイン' }).click(),
		]);
		if (resp.status() === 503 && attempt < 10) {
			await page.waitForTimeout(1000 * Number(resp.headers()['retry-after'] ?? 1));
			continue;
		}
		await page.waitForURL((u) => u.pathname !== '/login');
		if (user.totp && new URL(page.url()).pathname === '/login/code') {
			const code = await nextTotpCode(new URL(page.url()).origin, user.totp);
			await page.getByLabel(lang === 'en' ? 'Code' : '確認コード').fill(code);
			await Promise.all([
				page.waitForURL((u) => u.pathname !== '/login/code'),
				page.getByRole('button', { name: lang === 'en' ? 'Sign in' : 'ログイン' }).click(),
			]);
		}
		return page;
	}
}

/**
 * Signs user in to the server at url over HTTP, the form's way but without
 * a browser (Playwright's request context keeps the cookies): the password,
 * then the code for an account with a second factor.  Returns the session
 * as a storage state.  What the form does in a browser is tested by
 * signIn() in auth.test.mjs and the others; a test that only needs to be
 * signed in need not pay a browser context and tab for it (~1 s of
 * Chromium's CPU each, session 12).
 */
async function signInOverHttp(url, user) {
	const { request } = await import('playwright-core');
	const api = await request.newContext({ baseURL: url, maxRedirects: 0 });
	try {
		const page = await api.get('/login');
		const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1];
		assert.ok(csrf, `${user.name}: a csrf token on /login`);
		let resp;
		for (let attempt = 1; ; attempt++) {
			resp = await api.post('/login', { form: { csrf, next: '/', name: user.name, password: user.password } });
			// (503: another sign-in holds the hashing turn; wait as asked)
			if (resp.status() !== 503 || attempt === 10) break;
			await sleep(1000 * Number(resp.headers()['retry-after'] ?? 1));
		}
		assert.equal(resp.status(), 303, `${user.name}: sign-in answered ${resp.status()}`);
		if (resp.headers().location?.startsWith('/login/code')) {
			assert.ok(user.totp, `${user.name}: asked for a code`);
			const code = await nextTotpCode(new URL(url).origin, user.totp);
			resp = await api.post('/login/code', { form: { csrf, code } });
			assert.equal(resp.status(), 303, `${user.name}: the code step answered ${resp.status()}`);
		}
		assert.ok(!resp.headers().location?.startsWith('/login'), `${user.name}: signed in (sent to ${resp.headers().location})`);
		return await api.storageState();
	} finally {
		await api.dispose();
	}
}

/**
 * The cookies of a signed-in session of user, signing in once per server
 * and user (over HTTP: signInOverHttp); pass the result as storageState to
 * newContext().
 */
const states = new WeakMap();
export async function sessionState(server, user) {
	if (!states.has(server)) states.set(server, new Map());
	const cache = states.get(server);
	if (!cache.has(user.name)) cache.set(user.name, signInOverHttp(server.url, user));
	return cache.get(user.name);
}

/**
 * Pages fetched as a signed-in person without a browser: node's fetch with
 * a cookie jar that starts from a storage state (sessionState(); none: no
 * one signed in) and takes what every answer sets (Set-Cookie; a Max-Age
 * of 0 or less removes a cookie), as a browser context's request API does
 * — but in this process: that API passes each request and its body
 * through Playwright's protocol to the browser's server and back, ~1.5 ms
 * of node's CPU a page more (session 13), and the crawls fetch thousands.
 * Pages are asked for in Japanese, as the browser contexts ask (ja-JP).
 * get(path, { follow }) follows redirects only when asked (20 at most), and
 * answers { status, url (the last address), type (Content-Type), text() }.
 */
export function httpSession(url, state) {
	const jar = new Map((state?.cookies ?? []).map((c) => [c.name, c.value]));
	const take = (headers) => {
		for (const line of headers.getSetCookie()) {
			const [pair, ...attrs] = line.split(';');
			const eq = pair.indexOf('=');
			const name = pair.slice(0, eq).trim();
			if (attrs.some((a) => /^\s*max-age\s*=\s*(-\d+|0)\s*$/i.test(a))) jar.delete(name);
			else jar.set(name, pair.slice(eq + 1).trim());
		}
	};
	return {
		async get(path, { follow = false } = {}) {
			let at = new URL(path, url);
			for (let hops = 0; ; hops++) {
				const r = await fetch(at, {
					redirect: 'manual',
					headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), 'accept-language': 'ja-JP' },
				});
				take(r.headers);
				const body = Buffer.from(await r.arrayBuffer());
				const to = r.headers.get('location');
				if (follow && r.status >= 300 && r.status < 400 && to && hops < 20) {
					at = new URL(to, at);
					continue;
				}
				return { status: r.status, url: at.href, type: r.headers.get('content-type') ?? '', text: () => body.toString('utf8') };
			}
		},
	};
}

// ---- accessibility -------------------------------------------------------

const require = createRequire(import.meta.url);
let axeSource = null;

// JIS X 8341-3:2016 level AA follows WCAG 2.0 AA; WCAG 2.1 AA adds the
// mobile-era criteria (reflow, contrast of controls) public sites are held to.
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Evaluates axe-core's source in the page's document through the DevTools
 * protocol's Runtime.evaluate, which compiles it as a script: V8 keeps a
 * compiled script by its source for the renderer, so a tab's second
 * document on gets axe without parsing and compiling it again (the
 * evaluate of Playwright eval()s it, a fresh compile each time: ~0.04 s
 * more of Chromium's CPU a page, ~1.7 s in a11y's 43).
 */
const cdpSessions = new WeakMap();
async function injectAxe(page) {
	if (!cdpSessions.has(page)) cdpSessions.set(page, page.context().newCDPSession(page));
	const cdp = await cdpSessions.get(page);
	const r = await cdp.send('Runtime.evaluate', { expression: axeSource });
	if (r.exceptionDetails)
		throw new Error(`axe-core did not load: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
}

/**
 * Runs axe-core on the page as it stands and returns { violations,
 * incomplete } (incomplete: what axe could not decide, for a person to
 * check).  axe is evaluated through the DevTools protocol, so the page's
 * CSP (which rightly forbids inline scripts) stays on.
 */
export async function runAxe(page) {
	axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
	// A page that refreshes itself (the board while a call-out is on hold,
	// every 10 s) can reload under axe when the machine is loaded: the run
	// is then made again on the reloaded page, which is the same page
	// (the DevTools protocol words it its own ways).
	for (let attempt = 1; ; attempt++) {
		try {
			const loaded = await page.evaluate(() => typeof window.axe === 'object');
			if (!loaded) await injectAxe(page);
			const result = await page.evaluate(
				(tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations', 'incomplete'] }),
				AXE_TAGS,
			);
			return { violations: result.violations, incomplete: result.incomplete };
		} catch (err) {
			if (attempt >= 3 || !/Execution context was destroyed|Inspected target navigated|Cannot find (default )?(execution )?context/.test(String(err?.message))) throw err;
			await page.waitForLoadState('load');
		}
	}
}

/** The violations that fail a test: impact serious or critical. */
export const blocking = (violations) =>
	violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');

/** One line per violation and per offending node, for failure messages. */
export function formatViolations(violations) {
	return violations
		.map(
			(v) =>
				`  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
				v.nodes.map((n) => `      ${n.target.join(' ')} — ${n.failureSummary?.split('\n').join(' ')}`).join('\n'),
		)
		.join('\n');
}
