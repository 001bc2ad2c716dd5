// ColumnCells over the shared Arrow value formatting (src/arrow-format/): the CLI prints exactly the text
// the results grid shows, and JSON with every digit of 64-bit integers and decimals.
import { createCellFormatter } from '../../arrow-format/formatter';
import { jsonText } from '../../arrow-format/json-value';
import type { CellsFactory } from './writer';

export const arrowCells: CellsFactory = (field, batch, columnIndex, ctx) => {
  const f = createCellFormatter(field, { timeZone: ctx.timeZone });
  // The batch's own column data: cells are read from its buffers, no row objects are built.
  const d = batch.data.children[columnIndex];
  return {
    text: (row) => (f.isNull(d, row) ? null : f.text(d, row)),
    json: (row) => jsonText(f.json(d, row)),
  };
};
