// plan_edit.test.mjs — editing the plan and taking its documents, in the
// browser (issue 4): a planner changes a business's RTO and sees the
// system's RTO and tier follow (R1, R2) on the system's page, on the
// dashboard and in the comparison with the approved version (fields named
// by their labels); a refused edit shows its error beside the field, keeps
// what was typed and saves nothing; a viewer gets no form, a POST made
// anyway answers 403, and no personal phone number is shown; the plan is
// downloaded as PDF and XLSX through the links, checked by magic bytes,
// size and Japanese file name.  Screenshots of these pages go to
// build/e2e-screens/edit-*.png.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { ROOT, SCREENS_DIR, launchBrowser, newContext, sessionState, startServer, stopAll } from './server.mjs';

// The server renders PDFs and figures: Graphviz's and fontconfig's own
// leaks are suppressed (tests/lsan.supp).
process.env.LSAN_OPTIONS ??= `suppressions=${join(ROOT, 'tests', 'lsan.supp')}`;

const DESKTOP = { viewport: { width: 1280, height: 800 } };
const RTO_LABEL = '業務目標復旧時間（時間）';

let server;
let browser;

before(async () => {
	mkdirSync(SCREENS_DIR, { recursive: true });
	server = await startServer();
	browser = await launchBrowser();
});

after(() => stopAll(server, browser));

/** The tab of role (desktop size), its cookies put back to the role's
 * session (what a test before did to them reaches no other test); one
 * context and tab per role for the whole file, not one per test (each a
 * renderer of its own for Chromium).  Closed with the browser. */
const tabs = new Map();
async function pageAs(role) {
	const state = await sessionState(server, server.users[role]);
	if (!tabs.has(role)) {
		const context = await newContext(browser, server.url, DESKTOP);
		tabs.set(role, await context.newPage());
	}
	const page = tabs.get(role);
	await page.context().clearCookies();
	await page.context().addCookies(state.cookies);
	return page;
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

const shot = (page, name) => page.screenshot({ path: join(SCREENS_DIR, `edit-${name}.png`), fullPage: true });

/** The text of the dashboard's systems table row for system name. */
async function dashboardRow(page, name) {
	await page.goto('/');
	const row = page.locator('table:has(caption:has-text("表5.3-2")) tbody tr', { hasText: name });
	assert.equal(await row.count(), 1, `one row for ${name} on the dashboard`);
	return (await row.innerText()).replace(/\s+/g, ' ');
}

/** The effective RTO and tier on a system's page. */
async function systemFigures(page, id) {
	await page.goto(`/plan/systems/${id}`);
	const derived = page.locator('dl.derived');
	const rto = await derived.locator('dt:has-text("RTO（採用値）") + dd').innerText();
	const tier = await derived.locator('dt:has-text("復旧優先度（R2）") + dd .badge').innerText();
	return { rto, tier };
}

describe('editing the plan', () => {
	test('a planner changes a business RTO: the system RTO and tier follow on its page, the dashboard and the comparison', async () => {
		// 第1版 first, so the comparison has an approved version to differ from.
		const planner = await pageAs('planner');
		await planner.goto('/versions');
		await planner.getByLabel('改訂の内容（コメント）').fill('策定');
		assert.equal((await submit(planner, planner.getByRole('button', { name: '申請する' }))).status(), 303);
		const admin = await pageAs('admin');
		await admin.goto('/versions');
		assert.equal((await submit(admin, admin.getByRole('button', { name: '承認して版にする' }))).status(), 303);

		// Before: Bシステム takes its RTO from 優先業務3 (72 h), tier B.
		assert.deepEqual(await systemFigures(planner, 'sys-b'), { rto: '72時間（3日）', tier: 'B' });
		assert.match(await dashboardRow(planner, 'Bシステム'), /^B Bシステム 部局B 3日 優先業務3/);

		await planner.goto('/plan/businesses/biz-3');
		await planner.getByLabel(RTO_LABEL).fill('24');
		const resp = await submit(planner, planner.getByRole('button', { name: '保存', exact: true }));
		assert.equal(resp.status(), 303, 'saved and redirected');
		assert.equal(new URL(planner.url()).pathname, '/plan/businesses/biz-3');
		await planner.getByText('保存しました。').waitFor();
		// the box of what the save recalculated names the system that moved
		assert.match(await planner.locator('main').innerText(), /Bシステム/);
		await shot(planner, 'saved');

		assert.deepEqual(await systemFigures(planner, 'sys-b'), { rto: '24時間（1日）', tier: 'A' });
		await shot(planner, 'system');
		assert.match(await dashboardRow(planner, 'Bシステム'), /^A Bシステム 部局B 1日 優先業務3/);
		const biz = server.exportPlan().businesses.find((b) => b.id === 'biz-3');
		assert.equal(biz.rto_hours, 24, 'stored');

		// The comparison with 第1版 names the field by its label, and the result.
		await planner.goto('/versions/compare?from=current&to=draft');
		const diff = planner.locator('table.diff tr', { hasText: RTO_LABEL });
		assert.equal(await diff.count(), 1, 'the changed field by its label');
		assert.match((await diff.innerText()).replace(/\s+/g, ' '), /72 → 24/);
		assert.equal(await planner.locator('table.diff th', { hasText: /^rto_hours$/ }).count(), 0, 'no raw field names');
		assert.match(await planner.locator('main').innerText(), /Bシステム：RTO 72 → 24時間, 優先度 B → A/);
		await shot(planner, 'compare');
	});

	test('a refused value is shown beside its field, what was typed is kept, nothing is saved', async () => {
		const before = server.exportPlan();
		const page = await pageAs('planner');
		await page.goto('/plan/businesses/biz-2');
		await page.getByLabel('業務名').fill('優先業務2（改訂中）');
		await page.getByLabel(RTO_LABEL).fill('-5');
		const resp = await submit(page, page.getByRole('button', { name: '保存', exact: true }));
		assert.equal(resp.status(), 422);
		await page.getByText('保存していません').first().waitFor();
		const input = page.getByLabel(RTO_LABEL);
		assert.equal(await input.inputValue(), '-5', 'what was typed is kept');
		assert.equal(await page.getByLabel('業務名').inputValue(), '優先業務2（改訂中）');
		assert.equal(await input.getAttribute('aria-invalid'), 'true');
		// the message is beside the field and tied to it
		const err = page.locator('#f-rto_hours-err');
		assert.ok((await err.innerText()).length > 0, 'a message for the field');
		assert.match(await input.getAttribute('aria-describedby'), /f-rto_hours-err/);
		const field = page.locator('.field', { has: page.locator('#f-rto_hours') });
		assert.equal(await field.locator('.err').count(), 1, 'the message sits in the field');
		await shot(page, 'error');
		assert.deepEqual(server.exportPlan(), before, 'nothing saved');
	});

	test('a viewer is offered no form, a POST made anyway gets 403, and no personal phone number', async () => {
		const before = server.exportPlan();
		const page = await pageAs('viewer');
		await page.goto('/plan/businesses/biz-1');
		assert.equal(await page.locator('form.edit').count(), 0, 'no edit form');
		assert.equal(await page.getByRole('button', { name: '保存' }).count(), 0, 'no save button');
		assert.equal(await page.getByRole('textbox').count(), 0, 'no inputs');
		await page.goto('/plan/businesses');
		assert.equal(await page.getByRole('link', { name: '＋ 新規追加' }).count(), 0, 'no add link');
		// The POST anyway, with the viewer's own valid CSRF token (from the sign-out form).
		const csrf = await page.locator('form[action="/logout"] input[name="csrf"]').inputValue();
		for (const form of [{ csrf, name: '優先業務1', rto_hours: '1' }, { name: '優先業務1', rto_hours: '1' }]) {
			const r = await page.request.post('/plan/businesses/biz-1', { form, maxRedirects: 0 });
			assert.equal(r.status(), 403, `POST ${form.csrf ? 'with' : 'without'} a CSRF token`);
		}
		const r = await page.request.post('/plan/businesses', { form: { csrf, id: 'x', name: 'x', rto_hours: '1' }, maxRedirects: 0 });
		assert.equal(r.status(), 403, 'creating refused');
		assert.deepEqual(server.exportPlan(), before, 'nothing changed');

		// Personal numbers: a planner sees 佐藤's mobile, a viewer does not.
		const sato = server.exportPlan().people.find((p) => p.id === 'p-sato');
		assert.ok(sato.mobile && sato.home_phone, 'the demo has personal numbers');
		await page.goto('/plan/people/p-sato');
		const viewerText = await page.content();
		assert.ok(!viewerText.includes(sato.mobile) && !viewerText.includes(sato.home_phone), 'no personal number for a viewer');
		await page.goto('/plan/people');
		assert.ok(!(await page.content()).includes(sato.mobile), 'not in the list either');
		const planner = await pageAs('planner');
		await planner.goto('/plan/people/p-sato');
		assert.ok((await planner.content()).includes(sato.mobile), 'a planner sees it');
	});
});

describe('documents', () => {
	/** Clicks link and returns the download's bytes and suggested name.  A
	 * whole plan's PDF takes a while under ASan with full stacks. */
	async function download(page, link) {
		const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 180_000 }), link.click({ timeout: 180_000 })]);
		// (read as a stream: the bytes, wherever the browser keeps the file)
		const chunks = [];
		for await (const chunk of await dl.createReadStream()) chunks.push(chunk);
		return { bytes: Buffer.concat(chunks), name: dl.suggestedFilename() };
	}

	test('the plan as PDF and XLSX through the links, checked by magic bytes, size and name', { timeout: 600_000 }, async () => {
		const page = await pageAs('viewer');
		await page.goto('/documents');
		await shot(page, 'documents');
		const plan = page.locator('section', { has: page.getByRole('heading', { name: '計画書（全体）' }) });
		const pdf = await download(page, plan.getByRole('link', { name: 'PDF', exact: true }));
		assert.equal(pdf.bytes.subarray(0, 5).toString('latin1'), '%PDF-', 'PDF magic');
		assert.ok(pdf.bytes.length > 50_000, `a whole plan's PDF (${pdf.bytes.length} bytes)`);
		assert.equal(pdf.bytes.subarray(-6).toString('latin1').trim(), '%%EOF', 'a complete PDF');
		assert.equal(pdf.name, '情報システム運用継続計画.pdf');

		const xlsx = await download(page, plan.getByRole('link', { name: 'Excel', exact: true }));
		assert.deepEqual([...xlsx.bytes.subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04], 'XLSX magic (ZIP)');
		assert.ok(xlsx.bytes.length > 5_000, `a workbook (${xlsx.bytes.length} bytes)`);
		assert.ok(xlsx.bytes.includes(Buffer.from('xl/workbook.xml')), 'an Excel workbook inside');
		assert.equal(xlsx.name, '情報システム運用継続計画.xlsx');

		// From the dashboard as well; a table from its plan page.
		await page.goto('/');
		const again = await download(page, page.getByRole('link', { name: '計画書PDF' }));
		assert.equal(again.bytes.subarray(0, 5).toString('latin1'), '%PDF-');
		await page.goto('/plan/systems');
		const csv = await download(page, page.locator('section.docs li', { hasText: '表5.3-2' }).getByRole('link', { name: 'CSV' }));
		assert.match(csv.bytes.toString('utf8'), /^\uFEFF.*\r\n/s, 'CSV with BOM and CRLF');
		assert.match(csv.name, /^表5\.3-2.*\.csv$/);
		// A viewer is not offered personal data or wallet cards.
		await page.goto('/documents');
		assert.equal(await page.locator('a[href*="personal=1"]').count(), 0);
		assert.equal(await page.locator('a[href^="/documents/card/"]').count(), 0);
	});

	test('a planner makes a wallet card: the form, an error beside its field, then the PDF', async () => {
		const page = await pageAs('planner');
		await page.goto('/plan/people/p-sato');
		await page.getByRole('link', { name: '災害用携行カード（別表2）を作成' }).click();
		await page.waitForURL('**/documents/card/p-sato');
		await page.getByLabel('住所').fill('あ'.repeat(200)); // 600 bytes: too long
		await page.getByLabel('家族1の氏名').fill('佐藤 花子');
		const resp = await submit(page, page.getByRole('button', { name: 'PDFを作成' }));
		assert.equal(resp.status(), 422);
		assert.equal(await page.getByLabel('住所').getAttribute('aria-invalid'), 'true');
		assert.equal(await page.getByLabel('家族1の氏名').inputValue(), '佐藤 花子', 'kept');
		await shot(page, 'card-error');
		await page.getByLabel('住所').fill('東京都千代田区霞が関1-1');
		const card = await download(page, page.getByRole('button', { name: 'PDFを作成' }));
		assert.equal(card.bytes.subarray(0, 5).toString('latin1'), '%PDF-');
		assert.equal(card.name, '携行カード_佐藤_一郎.pdf');
	});
});
