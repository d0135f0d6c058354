// The `## Comparison` part of docs/performance.md, shared by bench/benchfmt-reader.js and
// bench/compare-vs-benchstat.js: each writes its own subsection, other sections untouched.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

export function machineLine(script) {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const load = os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
  // A fixed CPU-bound loop, to read the figures against (this VM's speed varies about 2x).
  const t0 = performance.now();
  let x = 0;
  for (let i = 0; i < 3e8; i++) x += i % 7;
  const ref = performance.now() - t0 + (x < 0 ? 1 : 0);
  return `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${cpu}, load average ${load}: other work shares the machine; reference loop of 3e8 steps ${ref.toFixed(0)} ms, about 700 ms when the machine is quiet), Node ${process.version}; \`node ${script}\`.`;
}

export function writeSubsection(file, title, lines) {
  const SECTION = '## Comparison';
  const doc = existsSync(file)
    ? readFileSync(file, 'utf8')
    : '# Performance\n\nMeasured figures; each section is written by its bench/ script.\n';
  const body = `### ${title}\n\n${lines.map((l) => `- ${l}`).join('\n')}\n`;
  let start = doc.indexOf(`\n${SECTION}\n`);
  let out;
  if (start < 0) {
    out =
      doc.replace(/\n*$/, '\n\n') +
      `${SECTION}\n\nWritten by bench/benchfmt-reader.js and bench/compare-vs-benchstat.js (\`--write-docs\`).\n\n${body}`;
  } else {
    start += 1;
    const next = doc.indexOf('\n## ', start + SECTION.length);
    const end = next < 0 ? doc.length : next + 1;
    let section = doc.slice(start, end);
    const subStart = section.indexOf(`\n### ${title}\n`);
    if (subStart < 0) {
      section = section.replace(/\n*$/, '\n\n') + body;
    } else {
      const subNext = section.indexOf('\n### ', subStart + 5);
      section = section.slice(0, subStart + 1) + body + (subNext < 0 ? '' : '\n' + section.slice(subNext + 1));
    }
    if (next >= 0 && !section.endsWith('\n\n')) section = section.replace(/\n*$/, '\n\n');
    out = doc.slice(0, start) + section + doc.slice(end);
  }
  writeFileSync(file, out);
}
