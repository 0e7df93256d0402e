/* pack.js — the checklist of the offline crisis pack (render/pack): each
   tick kept in the browser (localStorage, per pack id), shown with its
   time and who, and exported per procedure as the ticks file that
   `itbcp incident import-ticks` reads (format/pack_ticks.h).  No request
   of any kind: the export is a data: URL download and a text to copy. */
(function () {
  'use strict';
  var pack = document.body.getAttribute('data-pack');
  var key = 'itbcp-pack-' + pack, whoKey = 'itbcp-pack-who';
  var ls = null, st = {};
  var who = document.getElementById('who'), warn = document.getElementById('nostore');
  try {
    ls = window.localStorage;
    st = JSON.parse(ls.getItem(key) || '{}') || {};
    who.value = ls.getItem(whoKey) || '';
  } catch (e) {
    ls = null;
  }
  if (!ls) warn.hidden = false;
  function save(k, v) {
    try { ls.setItem(k, v); } catch (e) { warn.hidden = false; }
  }
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function when(iso) {
    var d = new Date(iso);
    return (d.getMonth() + 1) + '/' + d.getDate() + ' ' + pad(d.getHours()) + ':' + pad(d.getMinutes());
  }
  function show(box) {
    var t = st[box.getAttribute('data-i')];
    box.checked = !!t;
    box.closest('li').querySelector('.t').textContent = t ? '✓ ' + when(t.at) + (t.by ? ' ' + t.by : '') : '';
  }
  function count(det) {
    var all = det.querySelectorAll('input[data-i]'), n = 0;
    for (var i = 0; i < all.length; i++) if (all[i].checked) n++;
    det.querySelector('.n').textContent = n + '/' + all.length;
  }
  var boxes = document.querySelectorAll('input[data-i]');
  for (var i = 0; i < boxes.length; i++) show(boxes[i]);
  var dets = document.querySelectorAll('details[data-p]');
  for (i = 0; i < dets.length; i++) count(dets[i]);
  who.addEventListener('change', function () {
    save(whoKey, who.value.replace(/[\x00-\x1f\x7f]/g, '').trim().slice(0, 24));
  });
  document.addEventListener('change', function (ev) {
    var box = ev.target, id = box.getAttribute('data-i');
    if (!id) return;
    if (box.checked) {
      st[id] = { at: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
                 by: who.value.replace(/[\x00-\x1f\x7f]/g, '').trim().slice(0, 24) };
    } else {
      delete st[id];
    }
    save(key, JSON.stringify(st));
    show(box);
    count(box.closest('details'));
  });
  document.addEventListener('click', function (ev) {
    var btn = ev.target.closest('button[data-x]');
    if (!btn) return;
    var det = btn.closest('details'), proc = det.getAttribute('data-p'), ticks = [];
    var all = det.querySelectorAll('input[data-i]');
    for (var i = 0; i < all.length; i++) {
      var id = all[i].getAttribute('data-i'), t = st[id];
      if (t) ticks.push({ item: id, at: t.at, by: t.by || '' });
    }
    var text = JSON.stringify({ format: 'itbcp-ticks', version: 1, pack: pack,
                                procedure: proc, ticks: ticks });
    var ta = det.querySelector('textarea');
    ta.value = text;
    ta.hidden = false;
    var now = new Date(), a = document.createElement('a');
    a.href = 'data:application/json;charset=utf-8,' + encodeURIComponent(text);
    a.download = 'itbcp-ticks-' + proc + '-' + now.getFullYear() + pad(now.getMonth() + 1) +
      pad(now.getDate()) + '-' + pad(now.getHours()) + pad(now.getMinutes()) + '.json';
    document.body.appendChild(a);
    a.click();
    a.remove();
  });
})();
