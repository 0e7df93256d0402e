// openapi_check.mjs — the JSON API against its description, doc/openapi.yaml
// (issue 16, item 17).  Run by tests/cli/web_api.sh, with its server:
//
//   node openapi_check.mjs SPEC CALLS BASE_URL ADMIN_JAR VIEWER_JAR [COUNT]
//
// 1. Every exchange web_api.sh recorded (CALLS, one JSON object a line:
//    as, method, path, status, body) is checked against the description.
// 2. COUNT (default 950) more requests are generated from the description
//    with a fixed seed — as admin (sometimes without the CSRF header), as
//    viewer and without a session; valid and broken bodies, known and
//    made-up kinds and keys, methods the paths do not have — and each
//    answer is checked the same way.  A 201 is followed by its `links`
//    (read, replace, delete the new element), as a stateful tester would.
//
// An answer passes when it is not 5xx, its status is listed for its
// operation (405, with an Allow header, for a method the path has not),
// its JSON body is valid against the schema listed for that status, an
// element is valid against the schema of its own kind (`x-itbcp-kind`)
// and carries every property that schema lists (but the personal ones),
// and — where the request was built to be refused in one way — the
// status is that one.  Failures are printed, at most 25, and exit 1.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import Ajv from 'ajv';
import YAML from 'yaml';

const [specFile, callsFile, base, adminJar, viewerJar, countArg] = process.argv.slice(2);
const COUNT = Number(countArg || 950);
const spec = YAML.parse(readFileSync(specFile, 'utf8'));

// OpenAPI 3.0 schemas are JSON Schema with `nullable` (Ajv knows it) and
// annotations of their own; the whole description is one schema document
// so that "#/components/schemas/X" resolves.
const ajv = new Ajv({ strict: false, allErrors: false });
ajv.addSchema({ ...spec, $id: 'spec' });
const validators = new Map();
function validator(pointer) {
	if (!validators.has(pointer)) validators.set(pointer, ajv.compile({ $ref: 'spec#' + pointer }));
	return validators.get(pointer);
}
const esc = (s) => s.replace(/~/g, '~0').replace(/\//g, '~1');
const deref = (o) => (o && o.$ref ? o.$ref.slice(2).split('/').reduce((a, k) => a[k], spec) : o);

// kind → { name, schema } from the schemas' x-itbcp-kind.
const kinds = {};
for (const [name, s] of Object.entries(spec.components.schemas))
	if (s['x-itbcp-kind']) kinds[s['x-itbcp-kind']] = { name, schema: s };
const kindEnum = spec.components.parameters.kind.schema.enum;

// The description's paths as patterns, literal ones first (as the server
// routes them).
const templates = Object.keys(spec.paths)
	.sort((a, b) => a.includes('{') - b.includes('{'))
	.map((t) => ({
		t,
		names: [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]),
		re: new RegExp('^' + t.replace(/\{\w+\}/g, '([^/]+)') + '$'),
	}));
function operation(method, url) {
	const path = url.split('?')[0];
	for (const { t, names, re } of templates) {
		const m = path.match(re);
		if (!m) continue;
		const params = {};
		names.forEach((n, i) => {
			try {
				params[n] = decodeURIComponent(m[i + 1]);
			} catch {
				params[n] = m[i + 1];
			}
		});
		return { t, params, op: spec.paths[t][method.toLowerCase()] };
	}
	return null;
}

const failures = [];
const tally = {};
const answered = new Set(); // "get /api/v1/{kind}": operations that answered 2xx
let checked = 0;
function fail(ex, why) {
	failures.push(`${ex.as} ${ex.method} ${ex.path} → ${ex.status}: ${why}\n    ${String(ex.body).slice(0, 300)}`);
}

// Checks one exchange: {as, method, path, status, body, allow?, expect?}.
function check(ex) {
	checked++;
	const found = operation(ex.method, ex.path);
	const t = `${ex.method} ${found && found.t} ${ex.status}`;
	tally[t] = (tally[t] || 0) + 1;
	if (found && ex.status < 300) answered.add(`${ex.method.toLowerCase()} ${found.t}`);
	if (ex.status >= 500) return fail(ex, 'a server error');
	if (ex.expect && ex.status !== ex.expect) return fail(ex, `expected ${ex.expect}`);
	if (!found) return fail(ex, 'no path of the description matches');
	if (!found.op) {
		if (ex.status === 400) return; /* a path no route can take, whatever the method */
		if (ex.status !== 405) return fail(ex, `${ex.method} is not described here: 405 expected`);
		if (ex.allow === null) return fail(ex, '405 without an Allow header');
		return;
	}
	const resp = deref(found.op.responses[String(ex.status)]);
	if (!resp) return fail(ex, `status not listed for ${ex.method} ${found.t}`);
	const media = resp.content && resp.content['application/json'];
	if (!media) return;
	let body;
	try {
		body = JSON.parse(ex.body);
	} catch (e) {
		return fail(ex, 'the body is not JSON: ' + e.message);
	}
	// An element is checked against its own kind's schema, with every
	// field it lists (stricter than Element, and cheaper than its anyOf).
	const kind = kinds[found.params.kind];
	const own = ex.status < 300 && kind && ex.method !== 'DELETE';
	if (own && Array.isArray(body) !== (media.schema.type === 'array'))
		return fail(ex, media.schema.type === 'array' ? 'not an array' : 'an array');
	// The listed response, by its $ref or where it stands.
	const listed = found.op.responses[String(ex.status)];
	const at = listed.$ref
		? listed.$ref.slice(1)
		: `/paths/${esc(found.t)}/${ex.method.toLowerCase()}/responses/${ex.status}`;
	const v = own ? null : validator(at + '/content/application~1json/schema');
	if (v && !v(body)) return fail(ex, 'schema: ' + ajv.errorsText(v.errors));
	if (own) {
		const kv = validator(`/components/schemas/${kind.name}`);
		for (const el of Array.isArray(body) ? body : [body]) {
			if (!kv(el)) return fail(ex, `not a valid ${kind.name}: ` + ajv.errorsText(kv.errors));
			for (const [p, s] of Object.entries(kind.schema.properties))
				if (!(p in el) && !s['x-personal'])
					return fail(ex, `${kind.name} without ${p}`);
		}
	}
}

// ---- the recorded exchanges ------------------------------------------------

for (const line of readFileSync(callsFile, 'utf8').split('\n'))
	if (line.trim()) check({ allow: undefined, ...JSON.parse(line) });

// ---- sessions ----------------------------------------------------------------

// The Cookie header of a curl cookie jar.
function cookieOf(jar) {
	return readFileSync(jar, 'utf8')
		.split('\n')
		.filter((l) => l && (!l.startsWith('#') || l.startsWith('#HttpOnly_')))
		.map((l) => l.split('\t'))
		.filter((f) => f.length >= 7)
		.map((f) => `${f[5]}=${f[6]}`)
		.join('; ');
}

// One exchange over node:http, the path sent as it is (fetch would take
// "%2e%2e" for ".." and ask for another path).  A large body is sent as a
// careful client sends one, after the server's "100 Continue": a server
// that refuses it by its Content-Length (413) answers at once and closes,
// and a body already on its way then met EPIPE and, with both CPUs busy,
// lost the race with the answer (CI, session 12: twice in a row).
const server = new URL(base);
const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 1 });
const CONTINUE_OVER = 64 * 1024;
function exchange(method, path, headers, body, agent) {
	return new Promise((resolve, reject) => {
		const waits = body !== undefined && Buffer.byteLength(body) > CONTINUE_OVER;
		if (waits) headers = { ...headers, Expect: '100-continue' };
		const rq = http.request({ host: server.hostname, port: server.port, method, path, headers, agent }, (r) => {
			let text = '';
			r.setEncoding('utf8');
			r.on('data', (c) => (text += c));
			r.on('end', () => {
				resolve({ status: r.statusCode, text, headers: r.headers });
				if (waits) rq.destroy(); // answered without the body: not sent
			});
		});
		// An answer can still come after a write's error (a refusal as the
		// body was being sent): it is waited for a while before the error
		// counts.
		rq.on('error', (e) => setTimeout(() => reject(e), 5000));
		if (waits) rq.on('continue', () => rq.end(body));
		else rq.end(body);
	});
}

async function send(who, method, path, { body, type = 'application/json', csrf = true, expect } = {}) {
	const headers = { 'Accept-Language': 'ja' };
	if (who.cookie) headers.Cookie = who.cookie;
	if (who.token && csrf) headers['X-CSRF-Token'] = who.token;
	if (body !== undefined && type) headers['Content-Type'] = type;
	// node:http sends a DELETE's body without a length unless told.
	if (body !== undefined) headers['Content-Length'] = Buffer.byteLength(body);
	let res;
	try {
		res = await exchange(method, path, headers, body, keepAlive);
	} catch {
		// A kept-alive connection the server had just closed: the request
		// never arrived whole; once more on a new one.
		try {
			res = await exchange(method, path, headers, body, false);
		} catch (e) {
			throw new Error(`${who.name}: ${method} ${path} (${body === undefined ? 'no' : Buffer.byteLength(body)} bytes of body): no answer, twice: ${e.message}`);
		}
	}
	const ex = { as: who.name + (csrf ? '' : '/no-csrf'), method, path, status: res.status, body: res.text,
		     allow: res.headers.allow ?? null, expect };
	check(ex);
	let json = null;
	try {
		json = JSON.parse(res.text);
	} catch {}
	return { status: res.status, json, headers: res.headers };
}

const admin = { name: 'admin', cookie: cookieOf(adminJar) };
const viewer = { name: 'viewer', cookie: cookieOf(viewerJar) };
const anon = { name: 'anonymous' };
for (const who of [admin, viewer]) who.token = (await send(who, 'GET', '/api/v1/session')).json.csrf_token;

// ---- what is in the plan -----------------------------------------------------

// The key of an element of kind k as a path segment: its id, or its key
// fields in schema order, each percent-encoded beyond [A-Za-z0-9_.-],
// joined by "," — and that value percent-encoded as any path parameter.
function keyOf(k, el) {
	if ('id' in kinds[k].schema.properties) return encodeURIComponent(el.id);
	const enc = (s) => encodeURIComponent(s).replace(/[!'()*~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
	return enc(Object.entries(kinds[k].schema.properties)
		.filter(([, s]) => s['x-itbcp-key'])
		.map(([p]) => enc(String(el[p])))
		.join(','));
}
const elements = {};
for (const k of kindEnum) elements[k] = (await send(admin, 'GET', `/api/v1/${k}`)).json || [];
const organisation = (await send(admin, 'GET', '/api/v1/organisation')).json;

// ---- generated requests ------------------------------------------------------

let seed = 17; // mulberry32: the same requests every run
function rnd() {
	seed = (seed + 0x6d2b79f5) | 0;
	let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
	t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
	return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (a) => a[Math.floor(rnd() * a.length)];
const clone = (o) => JSON.parse(JSON.stringify(o));
const longUtf8Key = 'あ'.repeat(14) + 'x'; // 43 bytes: the cut at 40 falls inside a character

// A body for kind k: base (an element of the plan, or nothing) with a new
// id when fresh, broken in one way or not.  Returns { body, type, refusal }:
// refusal the status a planner must get (undefined: any listed one).
function makeBody(k, base, fresh) {
	const schema = k === 'organisation' ? spec.components.schemas.Organisation : (kinds[k] || kinds.systems).schema;
	const el = base ? clone(base) : {};
	if (fresh && 'id' in schema.properties) el.id = fresh;
	const fields = Object.keys(schema.properties).filter((p) => !schema.properties[p].readOnly);
	const f = pick(fields);
	const how = pick(['as-is', 'as-is', 'drop', 'type', 'range', 'long', 'control', 'nul', 'unknown',
			  'long-key', 'nul-key', 'not-json', 'not-json', 'wrong-type', 'array', 'deep', 'dup']);
	switch (how) {
	case 'drop': delete el[f]; break;
	case 'type': el[f] = pick([42, 'text', true, null, [1], { a: 1 }, 1.5]); return { body: JSON.stringify(el) };
	case 'range': el[f] = pick([-1, 2 ** 53, 100000000, 0]); return { body: JSON.stringify(el) };
	case 'long': el[f] = pick(['x'.repeat(20000), '漢'.repeat(7000)]); return { body: JSON.stringify(el) };
	case 'control': el[f] = pick(['a\u0001b', 'a\rb', 'a\nb', 'a\u007fb']); return { body: JSON.stringify(el) };
	case 'nul': el[f] = 'a\u0000b'; return { body: JSON.stringify(el), refusal: 422 };
	case 'unknown': el[pick(['colour', 'x'.repeat(50), longUtf8Key])] = 1; return { body: JSON.stringify(el), refusal: 422 };
	case 'long-key': el[longUtf8Key] = 'v'; return { body: JSON.stringify(el), refusal: 422 };
	case 'nul-key': return { body: JSON.stringify(el).replace(/^\{/, '{"k\\u0000":1,'), refusal: 422 };
	case 'not-json': return { body: pick(['{"id":', '', '{"a":1}x', "{'a':1}", '\xff']), refusal: 400 };
	case 'wrong-type': return { body: JSON.stringify(el), type: pick(['text/plain', 'application/x-www-form-urlencoded']), refusal: 415 };
	case 'array': return { body: pick(['[]', 'null', '"s"', '7']), refusal: 422 }; // valid JSON
	case 'deep': return { body: '['.repeat(3000) + ']'.repeat(3000), refusal: 400 };
	case 'dup': return { body: JSON.stringify(el).replace(/^\{/, '{"zz":1,"zz":2,'), refusal: 400 };
	}
	return { body: JSON.stringify(el) };
}

// A path segment the description's kind or key might be, or not.
function oddSegment() {
	return pick(['nope', 'organisation', 'session', '%2e%2e', '%00', '%ff', '%E3%81%82'.repeat(20),
		     'x'.repeat(300), 'A', '-x', '%20']);
}

let n = 0, made = 0;
async function follow(resp, k, body, who) {
	// Location names the new element, keyless kinds too.
	await send(who, 'GET', resp.headers.location || '/api/v1/-', { expect: 200 });
	n++;
	// The 201's links: read, replace with the same body, delete.
	const links = spec.paths['/api/v1/{kind}'].post.responses['201'].links;
	const key = resp.json && resp.json.id;
	made++;
	if (!key) return;
	for (const l of Object.values(links)) {
		const [t, method] = Object.entries(spec.paths).flatMap(([t, item]) =>
			Object.entries(item).filter(([, op]) => op.operationId === l.operationId).map(([m]) => [t, m]))[0];
		const path = t.replace('{kind}', k).replace('{key}', encodeURIComponent(key));
		await send(who, method.toUpperCase(), path,
			   method === 'put' ? { body, expect: 200 } : { expect: 200 });
		n++;
	}
}

while (n < COUNT) {
	n++;
	const r = rnd();
	const who = r < 0.55 ? admin : r < 0.8 ? viewer : anon;
	const csrf = who !== admin || rnd() > 0.08;
	const planner = who === admin && csrf;
	const validKind = rnd() > 0.1;
	const k = validKind ? pick(kindEnum) : oddSegment();
	const list = elements[k] || [];
	const el = list.length ? pick(list) : null;
	const key = el && rnd() > 0.15 ? keyOf(k, el) : oddSegment();
	// A path every route can take, naming an element that exists.
	const clean = validKind && el && key === keyOf(k, el);
	const what = rnd();
	if (what < 0.1) {
		const q = el && rnd() < 0.3 ? '?' + pick(['system=mail', 'event=nope', 'x=%ff', 'department=']) : '';
		await send(who, 'GET', `/api/v1/${k}${q}`, { csrf });
	} else if (what < 0.35) {
		await send(who, 'GET', `/api/v1/${k}/${key}`, { csrf });
	} else if (what < 0.55) {
		const b = makeBody(k, el, null);
		const res = await send(who, 'PUT', `/api/v1/${k}/${key}`,
				       { ...b, csrf, expect: !clean ? undefined : planner && b.refusal ? b.refusal : who === anon ? 401 : undefined });
		if (res.status === 200) elements[k] = list.map((x) => (x === el ? res.json : x)); // its key may have changed
	} else if (what < 0.77) {
		// Half of them as they are, with a new id: elements to follow.
		const b = rnd() < 0.5 ? makeBody(k, el, `gen-${n}`) : { body: JSON.stringify({ ...el, ...(el && 'id' in el ? { id: `gen-${n}` } : {}) }) };
		const res = await send(who, 'POST', `/api/v1/${k}`,
				       { ...b, csrf, expect: !validKind ? undefined : planner && b.refusal ? b.refusal : who === anon ? 401 : undefined });
		if (res.status === 201) await follow(res, k, b.body, who);
	} else if (what < 0.82) {
		const res = await send(who, 'DELETE', `/api/v1/${k}/${key}`,
				       { csrf, expect: !clean ? undefined : who === anon ? 401 : who === viewer ? 403 : undefined });
		if (res.status === 200) elements[k] = list.filter((x) => x !== el);
	} else if (what < 0.88) {
		const b = makeBody('organisation', organisation, null);
		await send(who, 'PUT', '/api/v1/organisation',
			   { ...b, csrf, expect: planner && b.refusal ? b.refusal : undefined });
	} else if (what < 0.95) {
		// A method the path has not: 405 for everyone, before any role check.
		const [m, p] = pick([['POST', '/api/v1/session'], ['PUT', '/api/v1/plan'], ['POST', '/api/v1/plan'],
				     ['POST', '/api/v1/organisation'], ['DELETE', '/api/v1/organisation'],
				     ['PUT', `/api/v1/${k}`], ['PATCH', `/api/v1/${k}/${key}`], ['DELETE', '/api/v1/session'],
				     ['POST', `/api/v1/${k}/${key}`]]);
		const fixed = !p.includes(k) || p.startsWith('/api/v1/organisation') || p.startsWith('/api/v1/session');
		await send(who, m, p, { body: '{}', csrf, expect: fixed || clean ? 405 : undefined });
	} else {
		await send(who, 'GET', pick(['/api/v1/session', '/api/v1/plan', '/api/v1/organisation']), { csrf });
	}
}
// Over 1 MiB, as a planner and anonymously (the server may answer before
// it has read the body, and close).
async function sendLarge(who, method, path) {
	await send(who, method, path, { body: '"' + 'x'.repeat((1 << 20) + 8) + '"', expect: 413 });
}
await sendLarge(admin, 'PUT', '/api/v1/organisation');
await sendLarge(anon, 'POST', '/api/v1/systems');

if (made === 0) failures.push('no 201 in the generated requests: the links were never followed');
// Every operation described was carried out at least once.
for (const [t, item] of Object.entries(spec.paths))
	for (const m of Object.keys(item).filter((m) => m !== 'parameters'))
		if (!answered.has(`${m} ${t}`)) failures.push(`${m.toUpperCase()} ${t} never answered 2xx`);
console.log(`openapi_check: ${checked} answers checked (${made} elements made and followed), ${failures.length} failures`);
for (const f of failures.slice(0, 25)) console.log('  ' + f);
if (process.env.OPENAPI_TALLY) console.log(Object.entries(tally).sort().map(([t, c]) => `  ${c}\t${t}`).join('\n'));
keepAlive.destroy();
process.exit(failures.length ? 1 : 0);
