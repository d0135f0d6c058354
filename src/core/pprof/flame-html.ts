// A flame graph as one self-contained, interactive HTML file: the FlameData as a JSON block,
// an inline script and style (flame-html-script.ts) allowed by their hashes in a Content
// Security Policy that allows nothing else (no network, no other script), click to zoom,
// search with next/previous match and tooltips. A pure function: no DOM needed to build it.
import { createHash } from 'node:crypto';
import type { FlameData } from '../../shared/profile-types.js';
import { escapeXml, flameSummary, frameColors, type FlameExportOptions } from './flame-export.js';
import { FLAME_HTML_SCRIPT, FLAME_HTML_STYLE } from './flame-html-script.js';
import { drawWidths } from './flame-svg.js';

/** JSON that is safe inside a <script> element: no '<' (so no '</script>'), no line separators. */
export function scriptJson(v: unknown): string {
  return JSON.stringify(v)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function sha256(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('base64');
}

/** The Content-Security-Policy of the page: only its own inline script and style, by hash. */
export function flameHtmlCsp(): string {
  return `default-src 'none'; script-src 'sha256-${sha256(FLAME_HTML_SCRIPT)}'; style-src 'sha256-${sha256(FLAME_HTML_STYLE)}'; base-uri 'none'; form-action 'none'`;
}

export function flameHtml(d: FlameData, o: FlameExportOptions = {}): string {
  const title = o.title ?? `${d.sampleType.type} flame graph`;
  const colors = frameColors(d);
  const palette: string[] = [];
  const index = new Map<string, number>();
  const color = colors.map((c) => {
    let k = index.get(c);
    if (k === undefined) index.set(c, (k = palette.push(c) - 1));
    return k;
  });
  const data = {
    unit: d.sampleType.unit,
    total: d.total,
    names: d.names,
    files: d.files,
    level: d.level,
    value: d.value,
    self: d.self,
    label: d.label,
    widths: drawWidths(d),
    palette,
    color,
    ...(d.baseValue ? { baseValue: d.baseValue, baseTotal: d.baseTotal ?? 0 } : {}),
  };
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${flameHtmlCsp()}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="perflab">
<title>${escapeXml(title)}</title>
<style>${FLAME_HTML_STYLE}</style>
</head>
<body>
<h1>${escapeXml(title)}</h1>
<div class="meta">${escapeXml(flameSummary(d))}. Click a frame to zoom in, click it again to zoom out.</div>
<div class="bar">
<input type="search" id="q" aria-label="Search functions" placeholder="Search functions (regexp)" spellcheck="false">
<button type="button" id="prev" aria-label="Previous match">Prev</button>
<button type="button" id="next" aria-label="Next match">Next</button>
<button type="button" id="reset">Reset</button>
<span class="count" id="count" aria-live="polite"></span>
</div>
<nav class="crumbs" id="crumbs" aria-label="Zoom path"></nav>
<div id="graph" role="img" aria-label="${escapeXml(title)}"></div>
<div id="tip" hidden></div>
<script type="application/json" id="flame-data">${scriptJson(data)}</script>
<script>${FLAME_HTML_SCRIPT}</script>
</body>
</html>
`;
}
