// The standalone flame graph files: the SVG is well-formed XML with a <title> tooltip (name,
// total, self) on every frame and names escaped, whatever characters they hold; the HTML is
// one file whose only script and style are allowed by hash in its CSP, loads nothing, and
// carries the graph as JSON that cannot close its <script> element.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { flameHtml, flameHtmlCsp } from '../../../src/core/pprof/flame-html.js';
import { flameSvg } from '../../../src/core/pprof/flame-svg.js';
import { checkXml } from '../../helpers/xml-check.js';
import { flameFrom } from '../../renderer/flame-fixture.js';

const HOSTILE = 'example.com/p.Map[go.shape.string,<T>&"q"\'s].Get';
const STACKS = `
main.main;example.com/p.Parse;example.com/p.lex 600
main.main;example.com/p.Parse;${HOSTILE} 300
main.main;runtime.mallocgc\u0001</script><!-- 100
`;

describe('flameSvg', () => {
  it('writes well-formed SVG with a labelled <title> on every frame', () => {
    const d = flameFrom(STACKS, undefined, { 'example.com/p.lex': 'example.com/p/lex.go:12' });
    const svg = flameSvg(d, { title: 'cpu of BenchmarkParse <at> "main"' });
    const { errors, elements } = checkXml(svg);
    expect(errors).toEqual([]);
    expect(elements[0].name).toBe('svg');
    const titles = elements.filter((e) => e.name === 'title').map((e) => e.text);
    expect(titles[0]).toBe('cpu of BenchmarkParse <at> "main"');
    // One titled frame per node (every frame is wide enough here).
    expect(titles.slice(1)).toHaveLength(d.level.length);
    const lex = titles.find((t) => t.startsWith('example.com/p.lex\n'));
    expect(lex).toBe('example.com/p.lex\ntotal 600ns (60.0%)\nself 600ns (60.0%)\nexample.com/p/lex.go:12');
    expect(titles).toContain(`${HOSTILE}\ntotal 300ns (30.0%)\nself 300ns (30.0%)`);
    expect(titles.find((t) => t.startsWith('main.main\n'))).toBe('main.main\ntotal 1µs (100.0%)\nself 0ns (0.0%)');
    // The control character became U+FFFD; the rest of the name is intact.
    expect(titles.some((t) => t.startsWith('runtime.mallocgc\ufffd</script><!--\n'))).toBe(true);
    expect(svg).not.toContain('<T>');
    expect(svg).toContain('&lt;T&gt;&amp;&quot;q&quot;&#39;s');
    // Labels are drawn where they fit: the widest frames carry their names.
    expect(elements.filter((e) => e.name === 'text').map((e) => e.text)).toContain('main.main');
  });

  it('colours a diff red where it grew and blue where it shrank', () => {
    const d = flameFrom('main;grow 80\nmain;shrink 20', 'main;grow 20\nmain;shrink 80');
    const svg = flameSvg(d);
    expect(checkXml(svg).errors).toEqual([]);
    const fillOf = (name: string) => new RegExp(`<title>${name}\\n[^<]*</title><rect [^>]*fill="hsl\\((\\d+) `).exec(svg)?.[1];
    expect(fillOf('grow')).toBe('0');
    expect(fillOf('shrink')).toBe('215');
    expect(svg).toContain('base 20ns (20.0%) -&gt; 80ns (80.0%): +300.0%');
  });

  it('leaves out frames narrower than a tenth of a pixel, with their subtrees', () => {
    const d = flameFrom('main;big 1000000\nmain;tiny;deeper 1');
    const svg = flameSvg(d, { width: 1000 });
    expect(svg).toContain('<title>big\n');
    expect(svg).not.toContain('<title>tiny\n');
    expect(svg).not.toContain('<title>deeper\n');
  });
});

describe('the XML check used above', () => {
  it('rejects what is not well formed', () => {
    expect(checkXml('<svg><g></svg>').errors).not.toEqual([]);
    expect(checkXml('<svg a="1" a="2"/>').errors).not.toEqual([]);
    expect(checkXml('<svg><title>a & b</title></svg>').errors).not.toEqual([]);
    expect(checkXml('<svg><title>a < b</title></svg>').errors).not.toEqual([]);
    expect(checkXml('<svg x="<"/>').errors).not.toEqual([]);
    expect(checkXml('<svg x=1/>').errors).not.toEqual([]);
    expect(checkXml('<svg/><svg/>').errors).not.toEqual([]);
    expect(checkXml('<svg>\u0001</svg>').errors).not.toEqual([]);
    expect(checkXml('<svg><title>a &amp; &#60; b</title></svg>').errors).toEqual([]);
  });
});

describe('flameHtml', () => {
  const d = flameFrom(STACKS);
  const html = flameHtml(d, { title: 'run 3 <BenchmarkParse>' });
  const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
  const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)];
  const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;

  it('allows only its own inline script and style, by hash, and loads nothing', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    expect(csp).toBe(flameHtmlCsp());
    expect(csp).toMatch(/^default-src 'none'; /);
    const code = scripts.filter((m) => !m[1].includes('application/json'));
    expect(code).toHaveLength(1);
    // The script is valid JavaScript (compiled, not run: it needs a page).
    expect(() => new Function(code[0][2])).not.toThrow();
    expect(csp).toContain(`script-src ${hash(code[0][2])};`);
    expect(styles).toHaveLength(1);
    expect(csp).toContain(`style-src ${hash(styles[0][1])};`);
    expect(html).not.toMatch(/\s(?:src|href|action)=/);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/\sstyle="/);
  });

  it('carries the graph as JSON that no function name can break out of', () => {
    const json = scripts.find((m) => m[1].includes('id="flame-data"'));
    expect(json).toBeDefined();
    // Only two script elements: the hostile '</script>' in a name did not end the JSON block.
    expect(scripts).toHaveLength(2);
    const data = JSON.parse(json![2]) as { names: string[]; value: number[]; widths: number[]; palette: string[]; color: number[] };
    expect(data.names).toEqual(d.names);
    expect(data.value).toEqual(d.value);
    expect(data.color).toHaveLength(d.level.length);
    expect(data.color.every((k) => data.palette[k]?.startsWith('hsl('))).toBe(true);
    expect(html).toContain('<title>run 3 &lt;BenchmarkParse&gt;</title>');
  });
});
