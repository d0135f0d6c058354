// The script and style inlined in the standalone HTML flame graph (flame-html.ts): plain
// browser JavaScript, no library, no network. It reads the graph from the page's JSON block,
// draws the frames as positioned elements (the zoomed frame's subtree scaled to the width, its
// ancestors full width, frames under half a pixel left out), zooms on click (again to zoom out),
// and searches function names with a regular expression (matches marked, others dimmed, the
// matches' share, next/previous match with buttons or Enter/Shift+Enter).

export const FLAME_HTML_STYLE = `
:root { color-scheme: light; font: 13px system-ui, sans-serif; color: #1b1f24; background: #fff; }
body { margin: 12px; }
h1 { font-size: 16px; margin: 0 0 4px; }
.meta, .count { color: #57606a; }
.bar { display: flex; gap: 6px; align-items: center; margin: 8px 0; flex-wrap: wrap; }
input[type=search] { font: inherit; padding: 3px 6px; width: 22em; }
button { font: inherit; padding: 2px 8px; }
.crumbs { margin: 4px 0; min-height: 20px; }
.crumbs button { margin-right: 4px; }
#graph { position: relative; overflow: hidden; font: 11px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.f { position: absolute; height: 16px; line-height: 16px; padding: 0 3px; box-sizing: border-box; overflow: hidden; white-space: nowrap; border-radius: 2px; cursor: pointer; border-right: 1px solid #fff; }
.f.dim { background: #e8eaed !important; color: #6e7781; }
.f.m { outline: 2px solid #0550ae; outline-offset: -2px; }
.f.cur { outline: 2px solid #1b1f24; outline-offset: -2px; }
#tip { position: fixed; pointer-events: none; background: #1b1f24; color: #fff; padding: 4px 8px; border-radius: 4px; white-space: pre; font: 12px ui-monospace, Menlo, Consolas, monospace; max-width: 70vw; overflow: hidden; }
`;

export const FLAME_HTML_SCRIPT = `
(function () {
  'use strict';
  var d = JSON.parse(document.getElementById('flame-data').textContent);
  var n = d.level.length, ROW = 17;
  var w = d.widths, x = new Float64Array(n), end = new Int32Array(n), parent = new Int32Array(n);
  var stack = [], next = [], total = 0, maxLevel = 0;
  for (var i = 0; i < n; i++) {
    var lv = d.level[i];
    while (stack.length > lv) end[stack.pop()] = i;
    parent[i] = lv > 0 ? stack[lv - 1] : -1;
    if (lv === 0) { x[i] = total; total += w[i]; } else x[i] = next[lv] || 0;
    next[lv] = x[i] + w[i]; next[lv + 1] = x[i];
    stack.push(i);
    if (lv > maxLevel) maxLevel = lv;
  }
  while (stack.length) end[stack.pop()] = n;
  var graph = document.getElementById('graph'), tip = document.getElementById('tip');
  var q = document.getElementById('q'), count = document.getElementById('count'), crumbs = document.getElementById('crumbs');
  var zoom = -1, marks = null, matchList = [], cursor = -1;
  graph.style.height = ((maxLevel + 1) * ROW) + 'px';

  function name(i) { return d.names[d.label[i]]; }
  var SCALES = { nanoseconds: [[3600e9, 'h'], [60e9, 'm'], [1e9, 's'], [1e6, 'ms'], [1e3, '\\u00b5s'], [1, 'ns']],
    bytes: [[Math.pow(1024, 4), 'TB'], [Math.pow(1024, 3), 'GB'], [1048576, 'MB'], [1024, 'kB'], [1, 'B']] };
  function trim(v) { return v.toFixed(2).replace(/\\.?0+$/, ''); }
  function fmt(v) {
    var sc = SCALES[d.unit];
    if (!sc) return trim(v);
    for (var k = 0; k < sc.length; k++) if (Math.abs(v) >= sc[k][0]) return trim(v / sc[k][0]) + sc[k][1];
    return '0' + sc[sc.length - 1][1];
  }
  function pct(v, of) { return (100 * v / (of || 1)).toFixed(1) + '%'; }
  function title(i) {
    var lines = [name(i), 'total ' + fmt(d.value[i]) + ' (' + pct(d.value[i], d.total) + ')', 'self ' + fmt(d.self[i]) + ' (' + pct(d.self[i], d.total) + ')'];
    if (d.baseValue) {
      var b = d.baseValue[i];
      lines.push('base ' + fmt(b) + ' (' + pct(b, d.baseTotal) + ') -> ' + fmt(d.value[i]) + ' (' + pct(d.value[i], d.total) + '): ' +
        (b > 0 ? (d.value[i] >= b ? '+' : '') + (100 * (d.value[i] - b) / b).toFixed(1) + '%' : 'new'));
    }
    if (d.files[d.label[i]]) lines.push(d.files[d.label[i]]);
    return lines.join('\\n');
  }
  function fit(s, chars) {
    if (chars < 3) return '';
    if (s.length <= chars) return s;
    var p = s.indexOf('('), sl = s.lastIndexOf('/', p >= 0 ? p : s.length), t = sl >= 0 ? s.slice(sl + 1) : s;
    return t.length <= chars ? t : t.slice(0, chars - 1) + '\\u2026';
  }
  function draw() {
    var width = graph.clientWidth, x0 = 0, span = total;
    if (zoom >= 0) { x0 = x[zoom]; span = w[zoom]; }
    var scale = span > 0 ? width / span : 0, frag = document.createDocumentFragment(), drawn = 0;
    for (var i = 0; i < n;) {
      var px, pw;
      if (zoom >= 0 && i < zoom) {
        if (end[i] <= zoom) { i = end[i]; continue; }
        px = 0; pw = width;
      } else if (zoom >= 0 && i >= end[zoom]) break;
      else {
        pw = w[i] * scale;
        if (pw < 0.5) { i = end[i]; continue; }
        px = (x[i] - x0) * scale;
      }
      var el = document.createElement('div');
      el.className = 'f' + (marks ? (marks[i] ? ' m' : ' dim') : '') + (i === cursor ? ' cur' : '');
      el.style.left = px + 'px'; el.style.width = Math.max(pw, 1) + 'px'; el.style.top = (d.level[i] * ROW) + 'px';
      el.style.background = d.palette[d.color[i]];
      el.dataset.node = String(i);
      el.textContent = pw >= 30 ? fit(name(i), Math.floor((pw - 6) / 6.6)) : '';
      frag.appendChild(el);
      drawn++;
      i++;
    }
    graph.replaceChildren(frag);
    graph.dataset.frames = String(drawn);
    crumbs.replaceChildren();
    var path = [];
    for (var a = zoom; a >= 0; a = parent[a]) path.unshift(a);
    var all = document.createElement('button');
    all.textContent = 'all'; all.onclick = function () { setZoom(-1); };
    crumbs.appendChild(all);
    path.slice(1).forEach(function (k) {
      var b = document.createElement('button');
      b.textContent = name(k).split('/').pop(); b.onclick = function () { setZoom(k); };
      crumbs.appendChild(b);
    });
  }
  function setZoom(i) { zoom = i; draw(); }
  function search() {
    var s = q.value.trim();
    marks = null; matchList = []; cursor = -1;
    q.setCustomValidity('');
    if (s) {
      var re;
      try { re = new RegExp(s, s === s.toLowerCase() ? 'i' : ''); } catch (e) { q.setCustomValidity(e.message); count.textContent = e.message; draw(); return; }
      var byLabel = d.names.map(function (t) { return re.test(t); });
      marks = new Uint8Array(n);
      var covered = 0, value = 0;
      for (var i = 0; i < n; i++) {
        if (!byLabel[d.label[i]]) continue;
        marks[i] = 1; matchList.push(i);
        if (i >= covered) { value += d.value[i]; covered = end[i]; }
      }
      count.textContent = matchList.length + ' frame' + (matchList.length === 1 ? '' : 's') + ', ' + (100 * value / (d.total || 1)).toFixed(1) + '% of total';
    } else count.textContent = '';
    draw();
  }
  function step(dir) {
    if (!matchList.length) return;
    var k = matchList.indexOf(cursor);
    k = k < 0 ? (dir > 0 ? 0 : matchList.length - 1) : (k + dir + matchList.length) % matchList.length;
    cursor = matchList[k];
    zoom = parent[cursor];
    count.textContent = (k + 1) + ' of ' + matchList.length + ': ' + name(cursor);
    draw();
  }
  graph.addEventListener('click', function (e) {
    var t = e.target.closest('.f');
    if (!t) return;
    var i = Number(t.dataset.node);
    setZoom(i === zoom ? parent[i] : i);
  });
  graph.addEventListener('mousemove', function (e) {
    var t = e.target.closest('.f');
    if (!t) { tip.hidden = true; return; }
    tip.textContent = title(Number(t.dataset.node));
    tip.hidden = false;
    tip.style.left = Math.min(e.clientX + 14, window.innerWidth - tip.offsetWidth - 8) + 'px';
    tip.style.top = (e.clientY + 16) + 'px';
  });
  graph.addEventListener('mouseleave', function () { tip.hidden = true; });
  q.addEventListener('input', search);
  q.addEventListener('keydown', function (e) { if (e.key === 'Enter') { e.preventDefault(); step(e.shiftKey ? -1 : 1); } });
  document.getElementById('next').onclick = function () { step(1); };
  document.getElementById('prev').onclick = function () { step(-1); };
  document.getElementById('reset').onclick = function () { q.value = ''; search(); setZoom(-1); };
  window.addEventListener('resize', draw);
  draw();
})();
`;
