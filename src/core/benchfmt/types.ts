// The records of Go's benchmark format (proposal 14313) as the reader yields them: one record
// per input line, with its 1-based line number, so every line is accounted for and a bad line is
// data rather than a crash. Values and units are raw, as printed; tidying (ns/op -> sec/op)
// happens where results are grouped (compare, store) through benchunit.

export interface BenchValue {
  readonly value: number;
  readonly unit: string;
}

/** One `key=value` of a `Unit` line, a key whose value conflicts with an earlier one, or a bad field. */
export type UnitEntry =
  | { readonly kind: 'pair'; readonly key: string; readonly value: string }
  | { readonly kind: 'conflict'; readonly key: string; readonly value: string; readonly have: string; readonly message: string }
  | { readonly kind: 'error'; readonly message: string };

export type BenchRecord =
  /** `key: value`; an empty value deletes the key. */
  | { readonly kind: 'config'; readonly key: string; readonly value: string; readonly line: number }
  /** `Benchmark<fullName> <iterations> <value> <unit>...`; fullName excludes the `Benchmark` prefix. */
  | {
      readonly kind: 'result';
      readonly fullName: string;
      readonly iterations: number;
      readonly values: readonly BenchValue[];
      readonly line: number;
    }
  /**
   * `Unit <unit> key=value...`: key/value is the line's first entry that names a key; `entries`
   * (when present) holds every field of the line in order, with conflicts and bad fields.
   */
  | {
      readonly kind: 'unit';
      readonly unit: string;
      readonly key: string;
      readonly value: string;
      readonly line: number;
      readonly entries?: readonly UnitEntry[];
    }
  /** `more` holds further messages for the same line (a `Unit` line can have several bad fields). */
  | {
      readonly kind: 'syntax-error';
      readonly message: string;
      readonly line: number;
      readonly text: string;
      readonly more?: readonly string[];
    }
  /** Blank, PASS/ok/FAIL, log lines, name-only lines (`go test -v`), `Unit X` without keys. */
  | { readonly kind: 'skipped'; readonly line: number };

export type BenchRecordKind = BenchRecord['kind'];
