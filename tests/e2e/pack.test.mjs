// pack.test.mjs — the offline crisis pack (issue 17 item 4) as a responder
// uses it: the file opened from disk in a browser that is offline, with no
// request allowed but the file itself; the procedure shown, a step ticked,
// the tick still there after a reload, the ticks exported as a file, and
// that file taken into the incident's record by `itbcp incident
// import-ticks`, after which `incident verify` still holds.  No server: the
// pack is what responders have when there is none (the web's download and
// upload are covered in tests/unit/test_web_pack.c).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';

import { itbcpPath, launchBrowser } from './server.mjs';

let dir;
let browser;
const bin = itbcpPath();

/** Runs the CLI on the test's database; its stdout, or throws with its output. */
function itbcp(...args) {
	const r = spawnSync(bin, ['--db', join(dir, 'd.db'), ...args], { encoding: 'utf8', timeout: 60_000 });
	if (r.status !== 0) throw new Error(`itbcp ${args.join(' ')}: ${r.status}\n${r.stdout}${r.stderr}`);
	return r.stdout;
}

before(async () => {
	dir = mkdtempSync(join(tmpdir(), 'itbcp-pack-'));
	itbcp('init', '--demo');
	browser = await launchBrowser();
});

after(async () => {
	await browser?.close();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the pack works offline: procedure, a tick kept across a reload, exported and imported', async () => {
	const file = join(dir, 'pack.html');
	itbcp('pack', '-o', file);
	assert.equal(statSync(file).mode & 0o777, 0o600, 'the pack is created mode 0600');
	const url = pathToFileURL(file).href;
	// the incident the ticks will join, started an hour ago: its procedure
	// (night/holiday or weekday daytime) follows from the hour
	const at = new Date(Date.now() - 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
	itbcp('incident', 'start', '--event', 'disaster', '--at', at, '--intensity', '6-', '--area', '東京都',
		'--as', 'e2e');
	const pid = JSON.parse(itbcp('incident', 'show', '1', '--json')).incident.procedure;
	assert.match(pid, /^proc-disaster-(night|day)$/);

	const context = await browser.newContext({ locale: 'ja-JP', acceptDownloads: true });
	context.setDefaultTimeout(60_000);
	await context.setOffline(true);
	const page = await context.newPage();
	const stray = [];
	const errors = [];
	page.on('request', (q) => {
		if (q.url() !== url) stray.push(q.url());
	});
	page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
	page.on('pageerror', (e) => errors.push(e.message));

	await page.goto(url);
	await page.getByLabel(/記録者/).fill('佐藤');
	await page.getByLabel(/記録者/).press('Tab'); // change: the name is kept
	const proc = page.locator(`details[data-p="${pid}"]`);
	await proc.locator('summary').click();
	const step = proc.getByRole('checkbox', { name: /職員の安否/ });
	await step.waitFor();
	assert.match(await proc.innerText(), /2\. 参集|2\. 自動参集/, 'the procedure\'s steps are shown');
	await step.check();
	assert.match(await proc.locator('li div.t').first().innerText(), /佐藤/, 'the tick shows who');

	await page.reload();
	await proc.locator('summary').click();
	assert.equal(await step.isChecked(), true, 'the tick is kept across a reload');
	assert.equal(await page.getByLabel(/記録者/).inputValue(), '佐藤', 'the name is kept');
	assert.match(await proc.locator('summary').innerText(), /1\/13/, 'the count of ticks');

	const [download] = await Promise.all([
		page.waitForEvent('download'),
		proc.getByRole('button', { name: /書き出す/ }).click(),
	]);
	const ticksFile = join(dir, 'ticks.json');
	await download.saveAs(ticksFile);
	const ticks = JSON.parse(readFileSync(ticksFile, 'utf8'));
	assert.equal(ticks.format, 'itbcp-ticks');
	assert.equal(ticks.procedure, pid);
	const first = pid === 'proc-disaster-night' ? 'dn-01' : 'dd-01';
	assert.deepEqual(ticks.ticks.map((t) => [t.item, t.by]), [[first, '佐藤']]);
	assert.equal(await proc.locator('textarea').inputValue(), JSON.stringify(ticks), 'the same text to copy');

	assert.deepEqual(stray, [], 'no request but the file itself');
	assert.deepEqual(errors, [], 'no script error and no policy violation');
	await context.close();

	// the server is back: the ticks join the incident's record, once
	const r1 = JSON.parse(itbcp('incident', 'import-ticks', '1', ticksFile, '--as', 'e2e', '--json'));
	assert.equal(r1.added, 1);
	const r2 = JSON.parse(itbcp('incident', 'import-ticks', '1', ticksFile, '--as', 'e2e', '--json'));
	assert.equal(r2.added, 0, 'the same file again adds nothing');
	const steps = JSON.parse(itbcp('incident', 'show', '1', '--json')).steps;
	assert.equal(steps.find((s) => s.step === first).state, 'done');
	assert.match(itbcp('incident', 'verify', '1'), /記録は完全です/);
});
