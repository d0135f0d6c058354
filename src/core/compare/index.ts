// compare: benchstat's projection of results into tables and its renderings (text and CSV byte
// for byte), plus markdown and the JSON wire form with Perflab's extras. Reads benchfmt records,
// computes with src/core/stats; the lab, CLI and server call these functions.
export { compare, compareStream } from './builder.js';
export type { CompareOptions, ComparisonStream } from './builder.js';
export { prepareSources, prepareTexts, TextPreparer, labelInputs, assumesExact, betterDirection } from './prepare.js';
export type { CompareSource, PreparedInput, UnitMetadata } from './prepare.js';
export type { ComparisonResult, ResultTable, TableCell, CellComparison, ColumnSummary } from './model.js';
export { renderText, writeText } from './render-text.js';
export type { TextOptions } from './render-text.js';
export { renderCsv } from './render-csv.js';
export { renderMarkdown } from './render-markdown.js';
export { rowSamples, toComparisonJson } from './to-json.js';
export { QuerySyntaxError } from './query-syntax.js';
