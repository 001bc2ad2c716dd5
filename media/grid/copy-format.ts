// Text for the clipboard and for exports, from the same exact formatters as the cells.
//   TSV   : spreadsheet paste; NULL is an empty field; fields holding tabs, newlines or quotes are quoted.
//   CSV   : RFC 4180; NULL is an empty unquoted field, the empty string is "" (so they stay apart).
//   JSON  : an array of row objects (one value alone for a single cell), BIGINT and DECIMAL exact.
//   Markdown: a GitHub table; | and newlines escaped, numbers right-aligned.

import { uniqueColumnKeys } from '../../src/arrow-format/chunks';
import { jsonString, jsonText } from '../../src/arrow-format/json-value';
import type { CopyFormat } from '../../src/protocol/grid';
import type { ResultStore } from './result-store';

export interface CopyRequest {
  store: ResultStore;
  /** Data rows in the order to write. */
  rows: ArrayLike<number>;
  /** Arrow column positions in the order to write. */
  columns: readonly number[];
  header: boolean;
}

function tsvField(s: string): string {
  return /[\t\n\r"]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

export function csvField(s: string): string {
  return s === '' || /[",\n\r]/.test(s) || /^\s|\s$/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

function mdField(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r\n|\r|\n/g, '<br>');
}

export function csvHeader(store: ResultStore, columns: readonly number[]): string {
  return columns.map((c) => csvField(store.fields[c].name)).join(',') + '\r\n';
}

export function csvRow(store: ResultStore, row: number, columns: readonly number[]): string {
  let line = '';
  for (let k = 0; k < columns.length; k++) {
    const c = columns[k];
    if (k) line += ',';
    if (!store.isNull(c, row)) line += csvField(store.text(c, row));
  }
  return line + '\r\n';
}

/** One JSON object per row; keys are column names made unique (a, a_2) when a name repeats. */
export function jsonRowWriter(store: ResultStore, columns: readonly number[]): (row: number) => string {
  const keys = uniqueColumnKeys(columns.map((c) => store.fields[c].name)).map(jsonString);
  return (row) => {
    const parts: string[] = [];
    for (let k = 0; k < columns.length; k++) {
      const c = columns[k];
      const [d, i] = store.cell(c, row);
      parts.push(keys[k] + ':' + jsonText(store.formatters[c].json(d, i)));
    }
    return '{' + parts.join(',') + '}';
  };
}

export function formatCopy(format: CopyFormat, req: CopyRequest): string {
  const { store, rows, columns, header } = req;
  const names = columns.map((c) => store.fields[c].name);
  const out: string[] = [];
  switch (format) {
    case 'tsv': {
      if (header) out.push(names.map(tsvField).join('\t'));
      for (let r = 0; r < rows.length; r++) {
        const row = rows[r];
        out.push(columns.map((c) => (store.isNull(c, row) ? '' : tsvField(store.text(c, row)))).join('\t'));
      }
      return out.join('\n');
    }
    case 'csv': {
      let s = header ? csvHeader(store, columns) : '';
      for (let r = 0; r < rows.length; r++) s += csvRow(store, rows[r], columns);
      return s;
    }
    case 'json': {
      if (rows.length === 1 && columns.length === 1) {
        const [d, i] = store.cell(columns[0], rows[0]);
        return jsonText(store.formatters[columns[0]].json(d, i));
      }
      const write = jsonRowWriter(store, columns);
      for (let r = 0; r < rows.length; r++) out.push(write(rows[r]));
      return '[\n' + out.join(',\n') + '\n]';
    }
    case 'markdown': {
      out.push('| ' + names.map(mdField).join(' | ') + ' |');
      out.push('|' + columns.map((c) => (store.formatters[c].numeric ? ' ---: ' : ' --- ')).join('|') + '|');
      for (let r = 0; r < rows.length; r++) {
        const row = rows[r];
        out.push('| ' + columns.map((c) => mdField(store.text(c, row))).join(' | ') + ' |');
      }
      return out.join('\n');
    }
  }
}
