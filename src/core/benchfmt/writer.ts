// Writing Go benchmark text: config, result and unit lines exactly as `go test` and golang/perf's
// writer print them (values with Go's %v, the shortest digits that read back to the same
// float64). The export module and `perflab show --format benchfmt` build files from these.
// Anything that could not be read back as written is refused with a typed error.
import { fail } from '../../shared/errors.js';
import { formatGoV } from '../benchunit/index.js';
import { isGoSpace } from './go-syntax.js';
import { parseConfigLine } from './line-parser.js';
import type { BenchValue } from './types.js';

function hasSpace(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (isGoSpace(s.charCodeAt(i))) return true;
  return false;
}

/** `key: value` (or `key:` to delete the key). */
export function formatConfigLine(key: string, value: string): string {
  const line = value === '' ? `${key}:` : `${key}: ${value}`;
  const back = parseConfigLine(line);
  if (back === null || back.key !== key) fail('InvalidInput', { field: 'config key', value: key });
  if (back.value !== value || value.includes('\n') || value.includes('\r'))
    fail('InvalidInput', { field: `value of config key ${key}`, value });
  return line;
}

/** `Benchmark<fullName> <iterations> <value> <unit>...`, fullName without the prefix. */
export function formatResultLine(fullName: string, iterations: number, values: readonly BenchValue[]): string {
  if (hasSpace(fullName)) fail('InvalidInput', { field: 'benchmark name', value: fullName });
  if (!Number.isSafeInteger(iterations)) fail('InvalidInput', { field: 'iterations', value: String(iterations) });
  if (values.length === 0) fail('InvalidInput', { field: `values of ${fullName}`, value: '' });
  let line = `Benchmark${fullName} ${iterations}`;
  for (const v of values) {
    if (v.unit === '' || hasSpace(v.unit)) fail('InvalidInput', { field: 'unit', value: v.unit });
    line += ` ${formatGoV(v.value)} ${v.unit}`;
  }
  return line;
}

/** `Unit <unit> key=value`. */
export function formatUnitLine(unit: string, key: string, value: string): string {
  if (unit === '' || hasSpace(unit)) fail('InvalidInput', { field: 'unit', value: unit });
  if (key === '' || key.includes('=') || hasSpace(key)) fail('InvalidInput', { field: 'unit metadata key', value: key });
  if (hasSpace(value)) fail('InvalidInput', { field: `unit metadata ${key}`, value });
  return `Unit ${unit} ${key}=${value}`;
}
