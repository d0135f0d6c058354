// focus / ignore / hide by regular expression, with pprof's semantics (profile.FilterSamplesByName):
// a location matches when one of its lines' function name or file name matches, or its
// mapping's file does; `ignore` drops every sample with a matching location, `focus` keeps
// only samples with one, `hide` removes the matching frames (lines) from every stack and drops
// samples left without frames. Regexes are RE2 (re2js), the syntax Go's regexp accepts, and
// run once per function and mapping, never per sample.
import { RE2JS } from 're2js';
import { fail } from '../../shared/errors.js';
import type { Profile } from './model.js';
import { frameTable } from './frames.js';

export interface FilterOptions {
  readonly focus?: string;
  readonly ignore?: string;
  readonly hide?: string;
}

/** The frames each location contributes after hiding, and which samples survive. */
export interface FrameView {
  readonly locFrameStart: Int32Array;
  readonly locFrames: Int32Array;
  readonly locFrameLine: Int32Array;
  /** keep[s] = 1 when sample s survives focus/ignore/hide; null when every sample does. */
  readonly keep: Uint8Array | null;
}

type Matcher = { test(s: string): boolean };

export function compileRegex(field: 'focus' | 'ignore' | 'hide' | 'func', re: string): Matcher {
  try {
    return RE2JS.compile(re);
  } catch (err) {
    fail('InvalidInput', { field, value: re }, (err as Error).message);
  }
}

function present(s: string | undefined): s is string {
  return s !== undefined && s !== '';
}

export function hasFilter(o: FilterOptions): boolean {
  return present(o.focus) || present(o.ignore) || present(o.hide);
}

/** Per-function and per-mapping matches of one regex. */
function matches(p: Profile, re: Matcher): { fn: Uint8Array; map: Uint8Array } {
  const ft = frameTable(p);
  const fn = new Uint8Array(p.functions.count);
  for (let f = 0; f < fn.length; f++) fn[f] = re.test(ft.funcNames[f]) || re.test(ft.funcFiles[f]) ? 1 : 0;
  const map = new Uint8Array(p.mappings.count);
  for (let m = 0; m < map.length; m++) {
    const file = p.stringTable.get(p.mappings.filename[m]);
    map[m] = file !== '' && re.test(file) ? 1 : 0;
  }
  return { fn, map };
}

function locationMatches(p: Profile, m: { fn: Uint8Array; map: Uint8Array }): Uint8Array {
  const L = p.locations;
  const out = new Uint8Array(L.count);
  for (let l = 0; l < L.count; l++) {
    let hit = L.mapping[l] >= 0 && m.map[L.mapping[l]] === 1;
    for (let i = L.lineStart[l]; !hit && i < L.lineStart[l + 1]; i++) hit = m.fn[p.lines.func[i]] === 1;
    out[l] = hit ? 1 : 0;
  }
  return out;
}

export function frameView(p: Profile, o: FilterOptions): FrameView {
  const ft = frameTable(p);
  if (!hasFilter(o)) return { locFrameStart: ft.locFrameStart, locFrames: ft.locFrames, locFrameLine: ft.locFrameLine, keep: null };
  const L = p.locations;
  // 0: neither, 1: focused, 2: ignored (pprof's focusOrIgnore map).
  const state = new Uint8Array(L.count);
  const ign = present(o.ignore) ? locationMatches(p, matches(p, compileRegex('ignore', o.ignore))) : null;
  const foc = present(o.focus) ? locationMatches(p, matches(p, compileRegex('focus', o.focus))) : null;
  for (let l = 0; l < L.count; l++) {
    if (ign && ign[l]) state[l] = 2;
    else if (!foc || foc[l]) state[l] = 1;
  }
  let { locFrameStart, locFrames, locFrameLine } = ft;
  if (present(o.hide)) {
    const m = matches(p, compileRegex('hide', o.hide));
    const start = new Int32Array(L.count + 1);
    const frames: number[] = [];
    const lines: number[] = [];
    for (let l = 0; l < L.count; l++) {
      start[l] = frames.length;
      const mapHit = L.mapping[l] >= 0 && m.map[L.mapping[l]] === 1;
      if (mapHit) continue;
      for (let k = ft.locFrameStart[l]; k < ft.locFrameStart[l + 1]; k++) {
        const line = ft.locFrameLine[k];
        if (line >= 0 && m.fn[p.lines.func[line]] === 1) continue;
        frames.push(ft.locFrames[k]);
        lines.push(line);
      }
    }
    start[L.count] = frames.length;
    locFrameStart = start;
    locFrames = Int32Array.from(frames);
    locFrameLine = Int32Array.from(lines);
  }
  const S = p.samples;
  const keep = new Uint8Array(S.count);
  for (let s = 0; s < S.count; s++) {
    let focused = false;
    let ignored = false;
    let frames = 0;
    for (let k = S.locStart[s]; k < S.locStart[s + 1]; k++) {
      const l = S.locs[k];
      const st = state[l];
      if (st === 2) {
        ignored = true;
        break;
      }
      if (st === 1) focused = true;
      frames += locFrameStart[l + 1] - locFrameStart[l];
    }
    keep[s] = focused && !ignored && frames > 0 ? 1 : 0;
  }
  return { locFrameStart, locFrames, locFrameLine, keep };
}
