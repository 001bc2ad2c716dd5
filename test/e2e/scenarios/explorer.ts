// The Connections view as a catalog explorer: under the connected profile, spark_catalog > default >
// the table the multi-statement scenario created > its columns with their types.
import assert from 'node:assert/strict';
import type { E2EContext } from '../support/context';

export async function explorerListsTable(ctx: E2EContext): Promise<void> {
  const { wb, names } = ctx;
  await wb.showSparkContainer();
  await wb.runCommand('Spark: Refresh');
  await wb.page.waitForTimeout(300);
  if (await wb.quickInputVisible()) await wb.pick(names.profile);
  await wb.expandTreeRow('Connections', names.profile);
  await wb.waitForTreeRow('Connections', (r) => r.label === 'spark_catalog', 'spark_catalog');
  await wb.expandTreeRow('Connections', 'spark_catalog');
  await wb.waitForTreeRow('Connections', (r) => r.label === 'default', 'default');
  await wb.expandTreeRow('Connections', 'default');
  const table = await wb.waitForTreeRow('Connections', (r) => r.label === names.table, `table ${names.table}`);
  await wb.expandTreeRow('Connections', names.table);
  const columns = await wb.waitForTreeRow('Connections', (r) => r.label === 'distance_km' && r.level === table.level + 1, 'column distance_km');
  const rows = await wb.treeRows('Connections');
  const start = rows.findIndex((r) => r.label === names.table);
  const cols = rows.slice(start + 1).filter((r) => r.level === table.level + 1).slice(0, 3);
  assert.deepEqual(cols.map((c) => c.label), ['id', 'city', 'distance_km']);
  assert.match(cols[0].description, /bigint/i);
  assert.match(cols[1].description, /string/i);
  assert.match(columns.description, /double/i);
  await ctx.shot('06-explorer-table', 'explorer');
}
