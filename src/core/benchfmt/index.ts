// benchfmt: Go's benchmark format. A streaming reader that yields one positioned record per
// line (a bad line is a syntax-error record, not a crash), a writer whose output reads back
// exactly, and benchmark-name parsing. Builds on benchunit; compare, store and export use it.
export type { BenchValue, BenchRecord, BenchRecordKind, UnitEntry } from './types.js';
export { readBenchfmt, readBenchfmtAll, readBenchfmtStream, forEachLine } from './reader.js';
export type { ReadOptions, StreamOptions } from './reader.js';
export { LineParser, parseResultLine, parseConfigLine, newResultScratch } from './line-parser.js';
export type { ResultLine, ResultScratch } from './line-parser.js';
export { ByteResultScanner } from './byte-scan.js';
export { parseName, nameBase, nameRawParts, splitProcs } from './name.js';
export type { NamePart, ParsedName } from './name.js';
export { formatConfigLine, formatResultLine, formatUnitLine } from './writer.js';
export { parseGoFloat, parseGoInt, isGoSpace } from './go-syntax.js';
