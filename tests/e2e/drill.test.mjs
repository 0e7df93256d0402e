// drill.test.mjs — a whole drill in the browser (issue 5): a responder
// starts an incident from the form; three people check in from phone-sized
// windows (390×844) through their personal links (/c/TOKEN, from
// `itbcp incident tokens --json` run against the test's database); the
// board shows their answers; a step is taken and done; a system is refused
// "restored" until both validation ticks are given, then restored; a
// decision is recorded; the situation report is shown and saved as text
// and PDF; the record verifies; the incident is closed and its §4.2.2
// review made and filled in.  Screenshots of every incident page, at
// desktop and phone size, go to build/e2e-screens/drill-*.png for people
// to look at; at phone size no incident page may be wider than the screen.
// Also: a JMA earthquake report uploaded fills the start form; a responder
// enters the report of someone who phoned in on the board (refused beside
// the field first); the dashboard shows a banner for the open incident;
// the recovery chart shows its wide drawing on a desktop and its narrow
// one on a phone.  E2E_SCREENS_DIR moves the screenshots elsewhere.
// The links reach the people by mail (issue 14): an admin sets delivery
// up on /admin/delivery while the server runs (the test's SMTP server,
// tests/support/smtpd.py; reminders every 4 s, one, then the deputies);
// the three follow the links in the mails that arrive; p-takahashi, who
// stays silent, is reminded with his own link and his deputy p-kobayashi
// is told, with p-kobayashi's own link.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { ROOT, SCREENS_DIR, launchBrowser, newContext, sessionState, startServer, stopAll } from './server.mjs';

const SCREENS = process.env.E2E_SCREENS_DIR || SCREENS_DIR;

// The server renders PDFs and figures: Graphviz's and fontconfig's own
// leaks are suppressed (tests/lsan.supp).
process.env.LSAN_OPTIONS ??= `suppressions=${join(ROOT, 'tests', 'lsan.supp')}`;

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1280, height: 800 } };

let server;
let browser;
let smtp; // { dir, child }: the test's SMTP server

/** Starts tests/support/smtpd.py (Debian's python3-aiosmtpd) on a free port. */
async function startSmtp() {
	const dir = mkdtempSync(join(tmpdir(), 'itbcp-e2e-smtp-'));
	const child = spawn('/usr/bin/python3', [join(ROOT, 'tests', 'support', 'smtpd.py'), dir], { stdio: 'ignore' });
	for (let i = 0; i < 300 && !existsSync(join(dir, 'port')); i++) await new Promise((r) => setTimeout(r, 100));
	assert.ok(existsSync(join(dir, 'port')), 'the SMTP server did not start');
	return { dir, child, url: `smtp://127.0.0.1:${readFileSync(join(dir, 'port'), 'utf8')}` };
}

before(async () => {
	mkdirSync(SCREENS, { recursive: true });
	[server, smtp] = await Promise.all([startServer(), startSmtp()]);
	browser = await launchBrowser();
});

after(async () => {
	smtp?.child.kill('SIGTERM');
	await stopAll(server, browser);
	if (smtp) rmSync(smtp.dir, { recursive: true, force: true });
});

/** An RFC 2047 header (UTF-8, base64 words) as text. */
function decodeHeader(v) {
	return v.replace(/\?=\s+=\?/g, '?==?').replace(/=\?UTF-8\?B\?([^?]*)\?=/gi, (_, b) => Buffer.from(b, 'base64').toString('utf8'));
}

/** The mails the SMTP server took, each { to, subject, body }. */
function mailbox() {
	const d = join(smtp.dir, 'mail');
	if (!existsSync(d)) return [];
	return readdirSync(d).filter((f) => f.endsWith('.eml')).sort().map((f) => {
		const raw = readFileSync(join(d, f), 'latin1');
		const to = readFileSync(join(d, f.replace(/\.eml$/, '.rcpt')), 'utf8').split('\n')[1];
		const cut = raw.indexOf('\r\n\r\n');
		const head = raw.slice(0, cut).replace(/\r\n[ \t]+/g, ' ');
		const subject = decodeHeader(/^Subject: (.*)$/m.exec(head)?.[1] ?? '');
		const body = Buffer.from(raw.slice(cut + 4).replace(/\s+/g, ''), 'base64').toString('utf8');
		return { to, subject, body };
	});
}

/** Waits up to 30 s for a mail to `to` whose subject matches re. */
async function mailTo(to, re) {
	for (let i = 0; i < 300; i++) {
		const m = mailbox().find((x) => x.to === to && re.test(x.subject));
		if (m) return m;
		await new Promise((r) => setTimeout(r, 100));
	}
	assert.fail(`no mail to ${to} with a subject like ${re}; the box: ${JSON.stringify(mailbox().map((x) => [x.to, x.subject]))}`);
}

/** The personal check-in links of the test database, by person id. */
function tokens() {
	const r = spawnSync(server.bin, ['--db', server.db, 'incident', 'tokens', '--json'], { encoding: 'utf8' });
	assert.equal(r.status, 0, r.stderr);
	return Object.fromEntries(JSON.parse(r.stdout).map((t) => [t.person, t]));
}

/** "HH:MM" in Japan time, minutes from now. */
function jstClock(minutes) {
	return new Date(Date.now() + (9 * 60 + minutes) * 60_000).toISOString().slice(11, 16);
}

/** Fails when the page scrolls sideways at phone size (WCAG 1.4.10). */
async function fitsPhone(page, what) {
	const { sw, vw } = await page.evaluate(() => ({
		sw: document.documentElement.scrollWidth,
		vw: document.documentElement.clientWidth,
	}));
	assert.ok(sw <= vw + 1, `${what}: the page is ${sw}px wide in a ${vw}px screen`);
}

/** A JMA 震度速報 (VXSE51-shaped, training) of 6弱 in Tokyo, minutes ago. */
function jmaReport(minutesAgo) {
	const t = new Date(Date.now() + (9 * 60 - minutesAgo) * 60_000).toISOString().slice(0, 16);
	return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<Report xmlns="http://xml.kishou.go.jp/jmaxml1/"><Control><Title>震度速報</Title><Status>訓練</Status></Control>
<Head xmlns="http://xml.kishou.go.jp/jmaxml1/informationBasis1/"><Title>震度速報</Title>
<TargetDateTime>${t}:00+09:00</TargetDateTime><InfoType>発表</InfoType></Head>
<Body xmlns="http://xml.kishou.go.jp/jmaxml1/body/seismology1/"><Intensity><Observation><MaxInt>6-</MaxInt>
<Pref><Name>東京都</Name><MaxInt>6-</MaxInt></Pref><Pref><Name>埼玉県</Name><MaxInt>5+</MaxInt></Pref>
</Observation></Intensity></Body></Report>`);
}

/** Clicks a submit button and returns the response of the POST it makes. */
async function submit(page, button) {
	const [resp] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST'),
		button.click(),
	]);
	await page.waitForLoadState();
	return resp;
}

const shot = (page, name) => page.screenshot({ path: join(SCREENS, `drill-${name}.png`), fullPage: true });

/** Makes context the browser of user (a role; none: of nobody signed in):
 * its cookies cleared and the user's session put in.  One context and tab
 * per screen size serves every person in turn (a new context and tab cost
 * Chromium a renderer each); no page here keeps anything but cookies. */
async function becomes(context, user) {
	await context.clearCookies();
	if (user) await context.addCookies((await sessionState(server, server.users[user])).cookies);
}

describe('a drill, start to review', () => {
	test('start, three check-ins from phones, a step, a system, the report, close and review', async () => {
		const desk = await newContext(browser, server.url, DESKTOP);
		const page = await desk.newPage();

		// 00. An admin sets delivery up while the server runs: mail to the
		// test's SMTP server, links to this server, reminders every 4 s.
		await becomes(desk, 'admin');
		const ap = page;
		await ap.goto('/admin/delivery');
		assert.match(await ap.locator('main').innerText(), /配信：未設定/);
		for (const [key, value] of [['public_url', server.url], ['smtp_url', smtp.url], ['smtp_from', 'bcp@example.go.jp'],
			['remind_interval', '4'], ['remind_count', '1']])
			await ap.locator(`#f-${key}`).fill(value);
		let resp = await submit(ap, ap.getByRole('button', { name: '保存する' }));
		assert.equal(resp.status(), 303);
		assert.match(await ap.locator('main').innerText(), /設定を 5 件変更しました[\s\S]*配信：設定済み/);
		await shot(ap, 'desktop-admin-delivery');
		assert.deepEqual(desk.consoleErrors, []);
		await becomes(desk, 'responder');

		// 0. A JMA report fills the start form (nothing starts); a file
		// that is not one is refused beside the field.
		await page.goto('/incidents');
		await page.locator('#f-jma').setInputFiles({ name: 'quake.xml', mimeType: 'application/xml', buffer: jmaReport(5) });
		resp = await submit(page, page.getByRole('button', { name: '読み込んで入力欄を埋める' }));
		assert.equal(resp.status(), 200);
		assert.match(await page.locator('main').innerText(), /気象庁XML「震度速報」を読み込みました/);
		assert.equal(await page.getByLabel('最大震度').inputValue(), '6-');
		assert.equal(await page.getByLabel(/その震度を観測した地域/).inputValue(), '東京都');
		assert.ok(await page.getByLabel(/訓練として実施する/).isChecked());
		assert.match(await page.getByLabel(/状況の説明/).inputValue(), /東京都 震度6弱、埼玉県 震度5強/);
		await shot(page, 'desktop-incidents-jma');
		await page.locator('#f-jma').setInputFiles({ name: 'warning.xml', mimeType: 'application/xml', buffer: Buffer.from('<Report><Control/><Head><TargetDateTime>2026-01-12T18:00:00+09:00</TargetDateTime></Head><Body/></Report>') });
		resp = await submit(page, page.getByRole('button', { name: '読み込んで入力欄を埋める' }));
		assert.equal(resp.status(), 422);
		assert.match(await page.locator('#f-jma-err').innerText(), /気象庁の地震情報.*として読めません/);

		// 1. Start the drill from the form (the time defaults to now).
		await page.goto('/incidents');
		await shot(page, 'desktop-incidents');
		await page.getByLabel('危機的事象').selectOption({ label: '大規模災害' });
		await page.getByLabel('最大震度').selectOption({ label: '震度6弱' });
		await page.getByLabel(/その震度を観測した地域/).fill('東京都');
		await page.getByLabel(/訓練として実施する/).check();
		resp = await submit(page, page.getByRole('button', { name: '発動する' }));
		assert.equal(resp.status(), 303);
		await page.waitForURL(/\/incidents\/\d+\?done=started$/);
		const base = new URL(page.url()).pathname;
		await assert.doesNotReject(page.getByText(/発動しました。自動参集/).waitFor());
		assert.match(await page.locator('main').innerText(), /15名を招集/);

		// 2. Three people check in from their phones through the links in
		// the mails they got.
		const links = tokens();
		const people = [
			{ id: 'p-sato', mail: 'ichiro.sato@example.go.jp', status: '無事', assembly: '参集できる', eta: jstClock(40), where: '自宅', note: '徒歩で向かいます' },
			{ id: 'p-suzuki', mail: 'hanako.suzuki@example.go.jp', status: '負傷', assembly: 'オンラインで参加', where: '避難所', note: '右腕を負傷' },
			{ id: 'p-ito', mail: 'daisuke.ito@example.go.jp', status: '無事', assembly: '参集できる', where: '庁舎の近く' },
		];
		const phone = await newContext(browser, server.url, PHONE);
		const pp = await phone.newPage();
		for (const [i, p] of people.entries()) {
			const mail = await mailTo(p.mail, /^【訓練】【安否確認】/);
			const link = mail.body.match(/http:\/\/127\.0\.0\.1:\d+\/c\/[A-Za-z0-9_-]+/)?.[0];
			assert.ok(link, `${p.id}: a link in the mail: ${mail.body}`);
			assert.equal(new URL(link).pathname, new URL(links[p.id].url, server.url).pathname, `${p.id}: their own link`);
			await becomes(phone, null);
			const r = await pp.goto(link);
			assert.equal(r.status(), 200, `${p.id}: check-in page`);
			await pp.getByLabel(p.status, { exact: true }).check();
			await pp.getByLabel(p.assembly, { exact: true }).check();
			if (p.eta) await pp.getByLabel(/到着予定時刻/).fill(p.eta);
			await pp.getByLabel('現在地').fill(p.where);
			if (p.note) await pp.getByLabel(/連絡事項/).fill(p.note);
			if (i === 0) await shot(pp, 'phone-checkin-form');
			const posted = await submit(pp, pp.getByRole('button', { name: '送信する' }));
			assert.ok(posted.status() < 400, `${p.id}: check-in answered ${posted.status()}`);
			await assert.doesNotReject(pp.getByText(/受け付けました/).first().waitFor(), `${p.id}: received`);
			if (i === 0) await shot(pp, 'phone-checkin-done');
			assert.deepEqual(phone.consoleErrors, []);
		}

		// 2b. p-takahashi stays silent: reminded with his own link, then
		// his deputy p-kobayashi told, with p-kobayashi's own link.
		const again = await mailTo('ken.takahashi@example.go.jp', /^【再通知1】/);
		assert.ok(again.body.includes(new URL(links['p-takahashi'].url, server.url).pathname), 'the reminder carries his own link');
		const told = await mailTo('makoto.kobayashi@example.go.jp', /【代理者へ】/);
		assert.match(told.subject, /高橋 健/);
		assert.ok(told.body.includes(new URL(links['p-kobayashi'].url, server.url).pathname), "the deputy's own link");
		assert.ok(!told.body.includes(new URL(links['p-takahashi'].url, server.url).pathname), "never the silent person's link");

		// 3. The board counts them, by location and by role.
		await page.goto(base);
		const board = await page.locator('main').innerText();
		assert.match(board, /回答\s*3\s*\/\s*15名/);
		assert.match(board, /移動中（到着予定/);
		assert.match(board, /負傷/);
		assert.match(board, /090-0000-1001/); // responders see phone numbers
		// on a desktop the folds stay open: the roles table and the form show
		assert.ok(await page.locator('#roles table').isVisible(), 'desktop: the roles table shows');
		assert.ok(await page.getByLabel('報告した人').isVisible(), 'desktop: the form shows');
		await shot(page, 'desktop-board');

		// 3b. Someone phones in: the responder enters it on the board.
		resp = await submit(page, page.getByRole('button', { name: '安否を記録する' }));
		assert.equal(resp.status(), 422); // nobody chosen
		assert.match(await page.locator('#f-person-err').innerText(), /報告した人を選んでください/);
		await page.getByLabel('報告した人').selectOption('p-tanaka');
		await page.getByLabel('安否', { exact: true }).selectOption({ label: '負傷' });
		await page.getByLabel('参集', { exact: true }).selectOption({ label: 'オンラインで参加' });
		await page.getByLabel(/現在地/).fill('自宅');
		await page.getByLabel(/メモ/).fill('電話で連絡あり。足を負傷');
		resp = await submit(page, page.getByRole('button', { name: '安否を記録する' }));
		assert.equal(resp.status(), 303);
		const proxied = await page.locator('main').innerText();
		assert.match(proxied, /田中 美咲 さんの安否を記録しました（代理入力）/);
		assert.match(proxied, /回答\s*4\s*\/\s*15名/);
		assert.match(proxied, /responder が代理入力/);

		// 3c. The dashboard shows the open drill at its top.
		await page.goto('/');
		const banner = page.locator('.inc-banner');
		assert.equal(await banner.count(), 1);
		assert.match(await banner.innerText(), /大規模災害（訓練）[\s\S]*訓練[\s\S]*4 \/ 15名（26%）[\s\S]*なし/);
		await shot(page, 'desktop-dashboard-banner');
		await banner.getByRole('link', { name: '状況ボードを開く' }).click();
		assert.equal(new URL(page.url()).pathname, base);

		// 4. The first step: taken, then done with a note.
		await page.goto(`${base}/steps`);
		let step = page.locator('li.step').first();
		resp = await submit(page, step.getByRole('button', { name: '担当して開始' }));
		assert.equal(resp.status(), 303);
		step = page.locator('li.step').first();
		await step.getByLabel(/手順1のメモ/).fill('全員に一斉連絡を送った');
		resp = await submit(page, step.getByRole('button', { name: '完了にする' }));
		assert.equal(resp.status(), 303);
		step = page.locator('li.step').first();
		assert.match(await step.innerText(), /完了/);
		assert.match(await step.innerText(), /全員に一斉連絡を送った/);
		await shot(page, 'desktop-steps');

		// 5. The mail system: refused "restored" without validation, then restored.
		await page.goto(`${base}/systems`);
		await page.getByRole('link', { name: 'メールシステム' }).first().click();
		await page.getByLabel(/被害状況/).selectOption({ label: '停止' });
		await page.getByLabel('復旧する場所').selectOption({ label: '代替拠点で復旧' });
		await page.getByLabel(/目標レベル/).fill('100');
		await page.getByLabel('復旧の方法').fill('代替拠点の予備機に切り替え');
		await page.getByLabel('作業状況').selectOption({ label: '復旧済み' });
		await page.getByLabel(/復旧したレベル/).fill('100');
		resp = await submit(page, page.getByRole('button', { name: '記録する' }));
		assert.equal(resp.status(), 422);
		assert.match(await page.locator('#f-state-err').innerText(), /検証が必要です/);
		await shot(page, 'desktop-system-refused');
		await page.getByLabel('データを検証した').check();
		await page.getByLabel('機能を検証した').check();
		resp = await submit(page, page.getByRole('button', { name: '記録する' }));
		assert.equal(resp.status(), 303);
		assert.match(await page.locator('main').innerText(), /システムの状況を記録しました/);
		// a decision, with who decided
		await page.getByLabel('種類').selectOption({ label: '決定' });
		await page.getByLabel(/内容/).fill('メールは代替拠点で復旧する（責任者 鈴木）');
		resp = await submit(page, page.getByRole('button', { name: '記録する' }));
		assert.equal(resp.status(), 303);
		const systems = await page.locator('main').innerText();
		assert.match(systems, /復旧済み/);
		assert.match(systems, /responder/);
		// the chart: the wide drawing on a desktop, the narrow one hidden
		assert.equal(await page.locator('svg.recovery').count(), 2);
		// its axis is logarithmic (issue 16 item 15): the first hours are
		// wide enough to tell a 1-hour deadline from a 3-hour one, and no
		// tick label touches the next
		const ticks = await page.locator('svg.recovery.wide').evaluate((svg) =>
			[...svg.querySelectorAll('text')].filter((t) => t.getAttribute('y') === '24').map((t) => {
				const b = t.getBBox();
				return { label: t.textContent, x: b.x, right: b.x + b.width };
			}));
		const tick = (label) => ticks.find((t) => t.label === label);
		assert.ok(tick('発生') && tick('1時間') && tick('3時間'), `the first hours are labelled: ${JSON.stringify(ticks)}`);
		const axis = 864 - 250;
		assert.ok(tick('3時間').x - tick('発生').x > axis / 6, '3 hours take more than a sixth of the axis');
		for (let i = 1; i < ticks.length; i++)
			assert.ok(ticks[i].x >= ticks[i - 1].right, `tick ${ticks[i].label} clear of ${ticks[i - 1].label}`);
		assert.ok(await page.locator('svg.recovery.wide').isVisible());
		assert.ok(!(await page.locator('svg.recovery.narrow').isVisible()));
		const chartBox = await page.locator('svg.recovery.wide').boundingBox();
		assert.ok(chartBox.width > 700, `the desktop chart is ${chartBox.width}px wide`);
		await shot(page, 'desktop-systems');

		// 6. The situation report: the page, the text for mail, the PDF.
		await page.goto(`${base}/report`);
		assert.match(await page.locator('pre.report').innerText(), /メールシステム: 停止/);
		await shot(page, 'desktop-report');
		const txt = await page.request.get(`${base}/report.txt`);
		assert.equal(txt.status(), 200);
		assert.match(txt.headers()['content-type'], /^text\/plain/);
		assert.match(await txt.text(), /情報システムの被害状況・復旧状況報告[\s\S]*代替拠点で復旧する/);
		const done = await page.request.get(`${base}/report.txt?kind=completion`);
		assert.match(await done.text(), /情報システム復旧完了報告[\s\S]*メールシステム: 復旧/);
		const pdf = await page.request.get(`${base}/report.pdf`);
		assert.equal(pdf.status(), 200);
		assert.equal(pdf.headers()['content-type'], 'application/pdf');
		assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');

		// 7. The record verifies.
		await page.goto(`${base}/timeline`);
		assert.match(await page.locator('main').innerText(), /記録は改ざんされていません/);
		await shot(page, 'desktop-timeline');

		// 8. Close: the review is made from the record; the analysis is saved.
		await page.goto(`${base}/review`);
		await page.getByLabel(/対応を終了します/).check();
		resp = await submit(page, page.getByRole('button', { name: '終了して振り返りを作る' }));
		assert.equal(resp.status(), 303);
		let review = await page.locator('main').innerText();
		assert.match(review, /終了し、振り返りを作りました/);
		assert.match(review, /③ RTO・RLOの達成状況/);
		assert.match(review, /訓練として記録しました/);
		await page.getByLabel('① 原因').fill('首都直下地震を想定した訓練');
		await page.getByLabel('④ その他の改善事項').fill('代理者への連絡手順を見直す');
		resp = await submit(page, page.getByRole('button', { name: '保存する' }));
		assert.equal(resp.status(), 303);
		review = await page.locator('main').innerText();
		assert.match(review, /首都直下地震を想定した訓練/);
		await shot(page, 'desktop-review');
		assert.deepEqual(desk.consoleErrors, []);
		await desk.close();

		// 9. Every incident page at phone size: saved, and none wider than the screen.
		for (const user of ['responder', 'viewer']) {
			await becomes(phone, user);
			for (const [name, path] of [
				['incidents', '/incidents'],
				['board', base],
				['steps', `${base}/steps`],
				['systems', `${base}/systems`],
				['system', `${base}/systems/mail`],
				['report', `${base}/report`],
				['timeline', `${base}/timeline`],
				['review', `${base}/review`],
			]) {
				const r = await pp.goto(path);
				assert.equal(r.status(), 200, `${user} ${path}`);
				await fitsPhone(pp, `${user} ${path}`);
				if (name === 'board') {
					// issue 16 item 15: the totals and the roles nobody covers
					// first, every other part folded under its heading; a tap
					// opens one (no script: <details>)
					const heads = await pp.locator('main h2').allInnerTexts();
					assert.match(heads[0], /参集要員の安否・参集の状況/, `${user}: ${heads}`);
					assert.match(heads[1], /対応者のいない役割/, `${user}: ${heads}`);
					assert.ok(await pp.locator('#h-uncovered').isVisible());
					assert.ok(!(await pp.locator('#roles table').isVisible()), 'the roles table folds away');
					assert.ok(!(await pp.locator('#loc table').first().isVisible()), 'the people fold away');
					assert.ok(!(await pp.locator('#sys table').isVisible()), 'the systems fold away');
					const folded = await pp.evaluate(() => document.documentElement.scrollHeight);
					assert.ok(folded < 2000, `the folded board is ${folded}px tall on a phone`);
					await pp.locator('#roles summary').click();
					assert.ok(await pp.locator('#roles table').isVisible(), 'a tap opens the roles');
				}
				if (name === 'systems') {
					assert.ok(await pp.locator('svg.recovery.narrow').isVisible(), 'the phone chart');
					assert.ok(!(await pp.locator('svg.recovery.wide').isVisible()));
				}
				if (user === 'viewer') assert.doesNotMatch(await pp.content(), /090-0000|tel:/, `${path}: no phone numbers for viewers`);
				else await shot(pp, `phone-${name}`);
			}
			assert.deepEqual(phone.consoleErrors, []);
		}
		await phone.close();
	});
});
