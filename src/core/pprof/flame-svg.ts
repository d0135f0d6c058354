// A flame graph as a standalone SVG file (for a pull request, an issue, a wiki): an icicle
// (roots at the top) of the FlameData, each frame a <g> with a <title> tooltip (name, total,
// self, file; base -> new in diff mode), a rectangle and the label that fits. Frames narrower
// than a tenth of a pixel are left out with their subtrees. A pure function: no DOM, no fonts
// measured (a monospace character is taken as 0.6 em).
import type { FlameData } from '../../shared/profile-types.js';
import { escapeXml, fitName, flameOffsets, flameSummary, frameColors, frameTitle, type FlameExportOptions } from './flame-export.js';

const ROW = 17;
const FONT_PX = 11;
const CHAR_PX = FONT_PX * 0.6;
const HEAD = 40;
const MIN_PX = 0.1;

/** The widths the graph is drawn with: in diff mode both profiles' values, so removed frames show. */
export function drawWidths(d: FlameData): readonly number[] {
  return d.baseValue ? d.value.map((v, i) => v + (d.baseValue?.[i] ?? 0)) : d.value;
}

export function flameSvg(d: FlameData, o: FlameExportOptions = {}): string {
  const width = o.width ?? 1200;
  const n = d.level.length;
  const widths = drawWidths(d);
  const x = flameOffsets(d, widths);
  let full = 0;
  for (let i = 0; i < n; i++) if (d.level[i] === 0) full += widths[i];
  const scale = full > 0 ? width / full : 0;
  const colors = frameColors(d);
  const title = o.title ?? `${d.sampleType.type} flame graph`;
  const out: string[] = [];
  let maxLevel = 0;
  let i = 0;
  while (i < n) {
    const w = widths[i] * scale;
    if (w < MIN_PX) {
      // Skip the subtree: it is no wider than its root.
      const lv = d.level[i];
      i++;
      while (i < n && d.level[i] > lv) i++;
      continue;
    }
    const lv = d.level[i];
    if (lv > maxLevel) maxLevel = lv;
    const px = x[i] * scale;
    const py = HEAD + lv * ROW;
    const name = d.names[d.label[i]];
    const label = fitName(name, Math.floor((w - 6) / CHAR_PX));
    out.push(
      `<g><title>${escapeXml(frameTitle(d, i).join('\n'))}</title>` +
        `<rect x="${px.toFixed(2)}" y="${py}" width="${Math.max(0.1, w > 2 ? w - 1 : w).toFixed(2)}" height="${ROW - 1}" rx="2" fill="${colors[i]}"/>` +
        (label ? `<text x="${(px + 3).toFixed(2)}" y="${py + ROW / 2 + 4}">${escapeXml(label)}</text>` : '') +
        '</g>',
    );
    i++;
  }
  const height = HEAD + (maxLevel + 1) * ROW + 8;
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' +
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="ui-monospace, SFMono-Regular, Menlo, Consolas, monospace" font-size="${FONT_PX}">\n` +
    `<title>${escapeXml(title)}</title>\n` +
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>\n` +
    `<text x="4" y="16" font-size="13" font-weight="bold" fill="#1b1f24">${escapeXml(title)}</text>\n` +
    `<text x="4" y="32" fill="#57606a">${escapeXml(flameSummary(d))}</text>\n` +
    `<g fill="#1b1f24">\n${out.join('\n')}\n</g>\n</svg>\n`
  );
}
