/* global location, requestAnimationFrame, document -- used in page.evaluate callbacks, which run in the browser */
// The Compare view's speed in Chromium with 5,000 rows: first render after the comparison
// arrives (target < 200 ms) and one scroll step (target < 16 ms of main-thread time: the
// scroll handler renders the rows now in view synchronously and is timed to its commit). The
// comparison is synthetic (one sec/op table, two refs, 5,000 rows), served to the real
// renderer from a route in place of the lab's `compareView` and `compareViewRows` answers (made
// from it by the lab's own view functions). Also reports the bundle sizes.
// Run after `npm run build`: node bench/ui-compare.js   (figures go to docs/performance.md, ## UI)
import { bundleSizes, launch, machine, median, ms, quantile, requireBuild, startServe, writeUiPart } from './ui-support.js';
import { mulberry32 } from '../dist/core/runner/plan.js';
import { viewAnswer, viewModel, viewRows } from '../dist/core/compare/view.js';

const ROWS = 5000;
const REPEATS = 7;

function comparison() {
  const rnd = mulberry32(3);
  const rows = [];
  for (let i = 0; i < ROWS; i++) {
    const base = 1e-6 * (1 + rnd() * 100);
    const ratio = 0.7 + rnd() * 0.6;
    const samples = (c) => Array.from({ length: 10 }, () => c * (0.97 + rnd() * 0.06));
    const cell = (c) => ({
      center: c,
      lo: c * 0.98,
      hi: c * 1.02,
      confidence: 0.98,
      n: 10,
      samples: samples(c),
      cv: 0.02,
      noisy: false,
      text: `${(c * 1e6).toFixed(3)}µ ± 2%`,
      range: '2%',
      footnotes: [],
      notes: [],
    });
    const significant = Math.abs(ratio - 1) > 0.05;
    rows.push({
      name: `Pkg${i % 40}/Bench${i}/size=${1 << (i % 12)}-8`,
      cells: [cell(base), cell(base * ratio)],
      deltas: [
        null,
        {
          text: significant ? `${ratio > 1 ? '+' : ''}${((ratio - 1) * 100).toFixed(2)}%` : '~',
          p: significant ? 0.0002 : 0.4,
          nText: `p=${significant ? '0.000' : '0.400'} n=10`,
          n1: 10,
          n2: 10,
          significant,
          ratio,
          estimate: ratio,
          ciLo: ratio - 0.02,
          ciHi: ratio + 0.02,
          ciText: `[${((ratio - 1.02) * 100).toFixed(1)}%, ${((ratio - 0.98) * 100).toFixed(1)}%]`,
          direction: !significant ? 'same' : ratio < 1 ? 'better' : 'worse',
          holmP: null,
          hint: null,
          footnotes: [],
          verdict: {
            state: !significant ? 'undecided' : ratio < 1 ? 'faster' : 'slower',
            exact: false,
            reason: significant ? null : 'interval too wide for the tolerance',
            alpha: 0.05,
            minP: 0.0002,
            tolerancePct: 2,
            detectablePct: 3,
            countNeeded: significant ? null : 14,
            cv: 0.02,
            text: significant
              ? ratio < 1
                ? 'faster'
                : 'slower'
              : 'undecided: interval too wide for the tolerance; measure with --count 14',
          },
        },
      ],
    });
  }
  return {
    alpha: 0.05,
    confidence: 0.95,
    by: 'ref',
    holm: false,
    projection: { table: '.config', row: '.fullname', col: 'ref', filter: '*', ignore: '' },
    warnings: [],
    tables: [
      {
        unit: 'sec/op',
        config: [
          ['goos', 'linux'],
          ['goarch', 'amd64'],
          ['pkg', 'example.com/big'],
        ],
        columns: ['main', 'WORKTREE'],
        columnFields: ['ref'],
        columnKeys: [['main'], ['WORKTREE']],
        better: 'lower',
        assumeExact: false,
        rows,
        geomean: {
          values: [1e-5, 1e-5],
          texts: ['10.00µ', '10.00µ'],
          ratios: [null, 1],
          deltaTexts: [null, '+0.00%'],
          footnotes: [[], []],
        },
        footnotes: [],
      },
    ],
  };
}

requireBuild();
const whole = comparison();
/** The view the page asks for (sort and filter as asked), made by the lab's view functions, with
 * every row in the first answer (the lab sends 200 and the rest as the table scrolls): every
 * scroll step below draws real rows, never the placeholders of rows on their way. */
function answer(method, input) {
  const m = viewModel(whole, { onlySignificant: input.onlySignificant ?? false, sort: input.sort ?? 'name' }, input.unit);
  const value = method === 'compareView' ? viewAnswer(m, ROWS) : viewRows(m, input.tableIndex, input.offset, input.limit ?? 200);
  return JSON.stringify({ ok: true, value });
}
const serve = await startServe();
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));
for (const method of ['compareView', 'compareViewRows'])
  await page.route(`**/api/${method}`, (r) =>
    r.fulfill({ status: 200, contentType: 'application/json', body: answer(method, JSON.parse(r.request().postData() ?? '{}')) }),
  );
await page.goto(serve.url);
await page.locator('.topbar').waitFor();

async function openCompare() {
  await page.evaluate(() => {
    location.hash = '#/help';
    performance.clearMarks();
    performance.clearMeasures();
  });
  await page.locator('.help-page').waitFor();
  await page.evaluate(() => {
    location.hash = '#/compare?runs=1&by=ref';
  });
  await page.waitForFunction(() => performance.getEntriesByName('compare-render').length > 0, undefined, { timeout: 60_000 });
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        const m = performance.getEntriesByName('compare-render')[0];
        const data = performance.getEntriesByName('compare-data').at(-1).startTime;
        // The frame after the commit: when the rows are on screen.
        requestAnimationFrame(() =>
          setTimeout(
            () =>
              resolve({
                render: m.duration,
                toCommit: m.startTime + m.duration - data,
                rows: document.querySelectorAll('.cmp-body .cmp-row').length,
              }),
            0,
          ),
        );
      }),
  );
}

await openCompare(); // warm-up
const renders = [];
for (let i = 0; i < REPEATS; i++) renders.push(await openCompare());

// Scroll: 150 steps of 10 rows down, then a jump to the end and back.
await page.evaluate(() => performance.clearMeasures('compare-scroll'));
const steps = await page.evaluate(async () => {
  const el = document.querySelector('.cmp-body');
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  for (let i = 0; i < 150; i++) {
    el.scrollTop += 280;
    await frame();
  }
  el.scrollTop = el.scrollHeight;
  await frame();
  el.scrollTop = 0;
  await frame();
  return {
    durations: performance.getEntriesByName('compare-scroll').map((e) => e.duration),
    top: el.scrollTop,
    rendered: el.querySelectorAll('.cmp-row').length,
  };
});
// The same scrolling under a Chrome trace: CPU time (tdur) of each task that handled a scroll
// event, the frame's style, layout and paint included; not inflated by other work on the machine.
await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
await page.evaluate(async () => {
  const el = document.querySelector('.cmp-body');
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  for (let i = 0; i < 80; i++) {
    el.scrollTop += 280;
    await frame();
  }
});
const trace = JSON.parse((await browser.stopTracing()).toString('utf8')).traceEvents;
if (process.env.TRACE_DUMP) (await import('node:fs')).writeFileSync(process.env.TRACE_DUMP, JSON.stringify({ traceEvents: trace }));
const tasks = trace.filter((e) => e.name === 'RunTask' && e.ph === 'X' && typeof e.tdur === 'number');
const cpuScroll = trace
  .filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'scroll')
  .map((d) => tasks.find((t) => t.tid === d.tid && t.ts <= d.ts && d.ts <= t.ts + t.dur))
  .filter(Boolean)
  .map((t) => t.tdur / 1000);
await browser.close();
await serve.stop();
if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);

const sizes = bundleSizes();
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const main = sizes.find((s) => /^index-.*\.js$/.test(s.file));
const lines = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}; \`node bench/ui-compare.js\`.`,
  `Comparison: one sec/op table, 2 refs, ${ROWS.toLocaleString('en')} rows (synthetic, served in place of the lab's view with every row in its first answer, so that each scroll step draws real rows); the table renders ${renders[0].rows} rows at a time (virtualized, 28 px rows).`,
  `First render after the comparison arrived (JSON parsed -> rows model -> React commit), median of ${REPEATS}: **${ms(median(renders.map((r) => r.toCommit)))}** (target < 200 ms); runs ${renders.map((r) => r.toCommit.toFixed(0)).join(', ')} ms.`,
  `Scroll step (scroll event -> rows in view rendered and committed), ${steps.durations.length} steps: median **${ms(median(steps.durations))}**, p95 ${ms(quantile(steps.durations, 0.95))}, max ${ms(Math.max(...steps.durations))} (target < 16 ms).`,
  `Scroll step as main-thread CPU time of the whole frame from a Chrome trace (tdur: the rows' render and Chrome's style, layout and paint; not inflated by other work on the machine, but by the tracing itself), ${cpuScroll.length} steps: median ${ms(median(cpuScroll))}, p95 ${ms(quantile(cpuScroll, 0.95))}, max ${ms(Math.max(...cpuScroll))}.`,
];
const bundle = [
  `The renderer as built in out/renderer (what \`perflab serve\` serves and the Electron window loads); gzip -9 sizes. ECharts is imported modularly (echarts/core + line, scatter and custom series, grid, tooltip, title, legend, mark lines, canvas renderer) and loaded on first chart, in its own chunk.`,
  `Main bundle \`${main?.file ?? '?'}\`: **${main ? kb(main.bytes) : '?'}** (${main ? kb(main.gzip) : '?'} gzipped)${main && !main.minified ? ', not minified (electron-vite leaves the renderer unminified unless renderer.build.minify is set)' : ', minified'}.`,
  ...sizes
    .filter((s) => s !== main)
    .map((s) => `\`${s.file}\`: ${kb(s.bytes)} (${kb(s.gzip)} gzipped)${s.minified ? '' : ', not minified'}`),
];
console.log([...lines, ...bundle].join('\n'));
writeUiPart('Compare view', lines);
writeUiPart('Bundle', bundle);
