/** Catalog imports over HTTP: CSV (UTF-8 and GBK) and xlsx through the BullMQ job, progress and refusals. */

import test, { type ExecutionContext } from 'ava';
import ExcelJS from 'exceljs';
import { routes, shanghaiDate, type ApiClient, type CatalogImport } from '@cc/shared';
import { cat, operatorW, problemOf, productsOf, seller, stack, until, setupCatalogStack } from '../support/catalog';

setupCatalogStack();

async function importFile(
  client: ApiClient,
  merchant_id: string,
  bytes: Uint8Array,
  content_type: string,
): Promise<{ accepted: CatalogImport; seen: CatalogImport[]; done: CatalogImport }> {
  const accepted = await client.call(routes.importCatalog, { params: { merchant_id }, file: { bytes, content_type } });
  const seen: CatalogImport[] = [];
  const done = await until(
    'the import to finish',
    async () => {
      const now = await client.call(routes.getCatalogImport, { params: { import_id: accepted.id }, query: {} });
      seen.push(now);
      return now.status === 'completed' || now.status === 'failed' ? now : null;
      // A generous deadline: the job shares two cores with the rest of the suite.
    },
    120_000,
  );
  return { accepted, seen, done };
}

const yesterday = () => shanghaiDate(new Date(Date.now() - 24 * 3600 * 1000));

function csvOf(rows: string[][]): Uint8Array {
  return new TextEncoder().encode(
    rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n') + '\r\n',
  );
}

/** Each refused row is reported once per problem, by row and the file's column header, in Chinese. */
function rowErrorsAreNamed(t: ExecutionContext, done: CatalogImport): void {
  const byRow = new Map<number, { column: string | null; message: string }[]>();
  for (const e of done.errors) byRow.set(e.row, [...(byRow.get(e.row) ?? []), e]);
  t.deepEqual(
    [...byRow.keys()].sort((a, b) => a - b),
    [4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
  );
  t.like(byRow.get(4)![0], { column: '价格（元）', message: '价格须大于 0' });
  t.like(byRow.get(5)![0], { column: '价格（元）' });
  t.like(byRow.get(6)![0], { column: '库存', message: '库存不能小于 0' });
  t.like(byRow.get(7)![0], { column: '库存', message: '库存须为整数' });
  t.like(byRow.get(8)![0], { column: '单位' });
  t.like(byRow.get(9)![0], { column: '采收日期' });
  t.like(byRow.get(10)![0], { column: '分类' });
  t.like(byRow.get(11)![0], { column: '商品名称', message: '请填写商品名称' });
  t.regex(byRow.get(12)![0]!.message, /重复出现（第 12、13 行）/);
  t.true(done.errors.every((e) => /[\u4e00-\u9fff]/.test(e.message)));
}

test('CSV import: valid rows created, invalid rows reported by row and column in Chinese and changing nothing; the same file again changes nothing', async (t) => {
  const s = await seller();
  const head = ['SKU', '商品名称', '分类', '单位', '价格（元）', '库存', '规格', '产地', '采收日期', '关键词', '状态', '备注'];
  const rows = [
    head,
    ['IMP-001', '导入的青菜', '蔬菜/叶菜类', '斤', '3.50', '100', '当天采摘', '径山村', yesterday(), '青菜 小青菜', '在售', '第一行'],
    ['IMP-002', '导入的萝卜', '根茎类', '斤', '2.5', '50', '', '', '', '', '草稿', ''],
    ['IMP-003', '价格为零', '叶菜类', '斤', '0', '10'],
    ['IMP-004', '三位小数', '叶菜类', '斤', '1.234', '10'],
    ['IMP-005', '负的库存', '叶菜类', '斤', '2', '-1'],
    ['IMP-006', '小数库存', '叶菜类', '斤', '2', '1.5'],
    ['IMP-007', '错误单位', '叶菜类', '吨', '2', '1'],
    ['IMP-008', '错误日期', '叶菜类', '斤', '2', '1', '', '', '2026/02/30'],
    ['IMP-009', '未知分类', '不存在的分类', '斤', '2', '1'],
    ['IMP-010', '', '叶菜类', '斤', '2', '1'],
    ['IMP-011', '重复一', '叶菜类', '斤', '2', '1'],
    ['IMP-011', '重复二', '叶菜类', '斤', '2', '1'],
    [''],
    ['IMP-012', '带,逗号的"名称"', 'vegetables.leafy', '千克', '¥12.00', '5'],
  ];
  const bytes = csvOf(rows);
  const { accepted, seen, done } = await importFile(s.client, s.merchant.id, bytes, 'text/csv');
  t.like(accepted, { status: 'queued', format: 'csv', rows_total: 13, rows_done: 0, ignored_columns: ['备注'] });
  t.like(done, {
    status: 'completed',
    rows_total: 13,
    rows_done: 13,
    created: 3,
    updated: 0,
    unchanged: 0,
    rejected: 10,
    errors_truncated: false,
  });
  for (let i = 1; i < seen.length; i++) t.true(seen[i]!.rows_done >= seen[i - 1]!.rows_done, 'progress only moves forward');
  rowErrorsAreNamed(t, done);

  const stored = await productsOf(s.merchant.id);
  t.deepEqual(stored.map((p) => p.sku).sort(), ['IMP-001', 'IMP-002', 'IMP-012']);
  const first = stored.find((p) => p.sku === 'IMP-001')!;
  t.like(first, {
    name: '导入的青菜',
    price_fen: 350,
    stock: 100,
    status: 'on_sale',
    origin_village: '径山村',
    harvest_date: yesterday(),
    unit: '斤',
  });
  t.deepEqual(first.keywords, ['青菜', '小青菜']);
  t.like(
    stored.find((p) => p.sku === 'IMP-012'),
    { name: '带,逗号的"名称"', price_fen: 1200, unit: '公斤', status: 'draft' },
  );
  t.is(stored.find((p) => p.sku === 'IMP-002')?.category_path[0], cat('vegetables'));

  // The same file again: nothing created, nothing written.
  const again = await importFile(s.client, s.merchant.id, bytes, 'text/csv');
  t.like(again.done, { status: 'completed', created: 0, updated: 0, unchanged: 3, rejected: 10 });
  t.deepEqual(await productsOf(s.merchant.id), stored);

  // One price changed: one update, by SKU.
  const changed = rows.map((r) => (r[0] === 'IMP-001' ? r.map((c, i) => (i === 4 ? '3.80' : c)) : r));
  const third = await importFile(s.client, s.merchant.id, csvOf(changed), 'application/vnd.ms-excel');
  t.like(third.done, { created: 0, updated: 1, unchanged: 2, rejected: 10 });
  t.is((await productsOf(s.merchant.id)).find((p) => p.sku === 'IMP-001')?.price_fen, 380);

  const list = await s.client.call(routes.listCatalogImports, { params: { merchant_id: s.merchant.id }, query: { limit: 2 } });
  t.deepEqual(
    list.items.map((i) => i.id),
    [third.accepted.id, again.accepted.id],
  );
  t.truthy(list.next_cursor);
  const other = await seller();
  t.like(await problemOf(other.client.call(routes.getCatalogImport, { params: { import_id: done.id }, query: {} })), {
    status: 404,
    code: 'import_not_found',
  });
  t.is((await operatorW.call(routes.getCatalogImport, { params: { import_id: done.id }, query: {} })).id, done.id);
});

test('CSV import saved by Excel in GBK, and an unverified shop cannot import products on sale', async (t) => {
  const s = await seller({ verified: false });
  // SKU,商品名称,分类,单位,价格（元）,库存 / GBK-001,临安天目笋干,干货,袋,39.90,20 — encoded in GBK.
  const gbk = Buffer.from(
    'U0tVLMnMxrfD+7PGLLfWwOAstaXOuyy827jxo6jUqqOpLL/itOYNCkdCSy0wMDEswdmwsszsxL/L8bjJLLjJu/UstPwsMzkuOTAsMjANCg==',
    'base64',
  );
  const { done } = await importFile(s.client, s.merchant.id, new Uint8Array(gbk), 'text/csv');
  t.like(done, { created: 1, rejected: 0 });
  t.like((await productsOf(s.merchant.id))[0], { sku: 'GBK-001', name: '临安天目笋干', price_fen: 3990, status: 'draft' });

  const onSale = await importFile(
    s.client,
    s.merchant.id,
    csvOf([
      ['SKU', '商品名称', '分类', '单位', '价格', '库存', '状态'],
      ['GBK-002', '想上架的笋', '竹笋', '斤', '9', '3', '在售'],
    ]),
    'text/csv',
  );
  t.like(onSale.done, { created: 0, rejected: 1 });
  t.like(onSale.done.errors[0], { row: 2, column: '状态' });
});

test('xlsx import: numbers, dates, formulas and rich text cells; per-row errors with the sheet’s row numbers', async (t) => {
  const s = await seller();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('商品');
  const harvested = new Date(`${yesterday()}T00:00:00Z`);
  const future = new Date(Date.now() + 40 * 24 * 3600 * 1000);
  ws.addRow(['SKU', '商品名称', '分类', '单位', '价格（元）', '库存', '采收日期', '状态']);
  ws.addRow(['X-001', '径山高山茶', 'processed.tea', '罐', 88, 10, harvested, '在售']);
  ws.addRow(['X-002', '三位小数的茶', '茶叶', '袋', 12.345, 5]);
  ws.addRow(['X-003', '公式算的库存', '茶叶', '袋', 20, { formula: '2*3', result: 6 }]);
  ws.addRow([]);
  ws.addRow(['X-004', { richText: [{ text: '富文本' }, { text: '名称' }] }, '农副加工/茶叶', '袋', 9.9, 3]);
  ws.addRow(['X-005', '明年的茶', '茶叶', '袋', 10, 1, future]);
  const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
  const { accepted, done } = await importFile(
    s.client,
    s.merchant.id,
    bytes,
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  );
  t.like(accepted, { format: 'xlsx', rows_total: 5 });
  t.like(done, { status: 'completed', created: 3, rejected: 2 });
  t.deepEqual(
    done.errors.map((e) => [e.row, e.column]),
    [
      [3, '价格（元）'],
      [7, '采收日期'],
    ],
  );
  t.is(done.errors[1]!.message, '采收日期不能晚于今天（北京时间）');
  const stored = await productsOf(s.merchant.id);
  t.like(
    stored.find((p) => p.sku === 'X-001'),
    { price_fen: 8800, stock: 10, harvest_date: yesterday(), status: 'on_sale' },
  );
  t.like(
    stored.find((p) => p.sku === 'X-003'),
    { stock: 6 },
  );
  t.like(
    stored.find((p) => p.sku === 'X-004'),
    { name: '富文本名称', price_fen: 990 },
  );
});

test('a larger import reports its progress while it runs and ends with every row done', async (t) => {
  const s = await seller();
  const n = 600;
  const rows = [
    ['SKU', '商品名称', '分类', '单位', '价格（元）', '库存'],
    ...Array.from({ length: n }, (_, i) => [`BULK-${i}`, `批量商品${i}`, '日用百货/纸品', '提', `${10 + (i % 50)}.90`, `${i % 30}`]),
  ];
  const { accepted, seen, done } = await importFile(s.client, s.merchant.id, csvOf(rows), 'text/csv');
  t.like(accepted, { status: 'queued', rows_total: n, rows_done: 0 });
  for (const snap of seen) {
    t.is(snap.rows_total, n);
    t.true(snap.rows_done >= 0 && snap.rows_done <= n);
    if (snap.status === 'completed') t.is(snap.rows_done, n);
  }
  for (let i = 1; i < seen.length; i++) t.true(seen[i]!.rows_done >= seen[i - 1]!.rows_done);
  t.like(done, { rows_done: n, created: n, rejected: 0 });
  t.is((await productsOf(s.merchant.id)).length, n);
});

test('imports that cannot be read are refused at once, and nothing is stored', async (t) => {
  const s = await seller();
  const post = (bytes: Uint8Array, type = 'text/csv') =>
    problemOf(s.client.call(routes.importCatalog, { params: { merchant_id: s.merchant.id }, file: { bytes, content_type: type } }));
  t.like(
    await post(
      csvOf([
        ['SKU', '商品名称', '单位'],
        ['A', '名称', '斤'],
      ]),
    ),
    { status: 400, code: 'import_columns_missing' },
  );
  t.like(await post(csvOf([['SKU', '商品名称', '分类', '单位', '价格', '库存']])), { status: 400, code: 'import_empty' });
  t.like(
    await post(
      csvOf([
        ['SKU', '货号', '商品名称', '分类', '单位', '价格', '库存'],
        ['a', 'b', 'c', 'd', 'e', '1', '1'],
      ]),
    ),
    { status: 400, code: 'import_columns_duplicated' },
  );
  t.like(
    await post(
      csvOf([
        ['SKU', '商品名称', '分类', '单位', '价格（元）', '价格（分）', '库存'],
        ['a', 'b', 'c', 'd', '1', '100', '1'],
      ]),
    ),
    {
      status: 400,
      code: 'import_columns_duplicated',
    },
  );
  t.like(await post(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'application/vnd.ms-excel'), {
    status: 400,
    code: 'xls_not_supported',
  });
  t.like(
    await post(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
    {
      status: 400,
      code: 'import_file_unreadable',
    },
  );
  t.like(await post(new TextEncoder().encode('SKU,商品名称,分类,单位,价格,库存\n"a,b,c,d,1,1\n')), {
    status: 400,
    code: 'import_file_unreadable',
  });
  const tooMany = csvOf([
    ['SKU', '商品名称', '分类', '单位', '价格', '库存'],
    ...Array.from({ length: 5001 }, (_, i) => [`S${i}`, '名称', '纸品', '提', '1', '1']),
  ]);
  t.like(await post(tooMany), { status: 400, code: 'import_too_many_rows' });
  t.is(await stack.api.conn.collection('catalog_imports').countDocuments({ merchant_id: s.merchant.id }), 0);
});
