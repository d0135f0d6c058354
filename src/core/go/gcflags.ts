// A variant's -gcflags: only compiler flags that change code generation or print to the build
// output, never one that writes a file (-cpuprofile=, -memprofile=, -trace=, -o, -asmhdr=,
// -json=, -bench=, -d=ssa/.../dump ...) or runs a program. Checked before a run is queued;
// a refused flag is InvalidInput naming it (exit 2).
import { fail } from '../../shared/errors.js';

const ALLOWED: readonly RegExp[] = [
  /^-[NlBCS]$/, // no optimizations, no inlining, no bounds checks, no dwarf location..., assembly listing to stdout
  /^-m(=\d)?$/, // optimization decisions to the build output
  /^-live$/,
  /^-smallframes$/,
  /^-wb=(true|false|0|1)$/,
  /^-dwarf=(true|false)$/,
  /^-c=\d{1,3}$/,
  /^-lang=go1(\.\d{1,3}){1,2}$/,
  /^-spectre=(all|index|ret)(,(all|index|ret))*$/,
  /^-d=(checkptr(=\d)?|nil|ssa\/check_bce\/debug(=\d)?|ssa\/prove\/debug(=\d)?|ssa\/check\/on)$/,
];

/** Throws InvalidInput naming the first flag outside the allowlist. `[pattern=]` may lead, as in `all=-N -l`. */
export function validateGcflags(gcflags: string): void {
  const tokens = gcflags
    .trim()
    .split(/\s+/)
    .filter((t) => t !== '');
  tokens.forEach((raw, i) => {
    let t = raw;
    // The first token may carry a package pattern: `all=-N`, `./...=-m`, `example.com/p=-l`.
    if (i === 0) {
      const m = /^([^-=][^=]*)=(-.*)$/.exec(t);
      if (m) t = m[2];
    }
    const flag = t.startsWith('--') ? t.slice(1) : t;
    if (!ALLOWED.some((re) => re.test(flag))) {
      fail(
        'InvalidInput',
        { field: 'gcflags', value: raw },
        'only compiler flags that write no files are allowed (-N, -l, -m, -B, -C, -S, -live, -smallframes, -wb=, -dwarf=, -c=, -lang=, -spectre=, -d=checkptr|nil|ssa/check_bce/debug|ssa/prove/debug|ssa/check/on)',
      );
    }
  });
}
