import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { IMPORT_ROWS_MAX } from '@cc/shared';
import { badRequest } from '../platform/problem';

/** A spreadsheet as text cells: the header row, then the data rows with the numbers a person sees in the file. */
export interface Sheet {
  format: 'csv' | 'xlsx';
  headers: string[];
  rows: { row: number; cells: string[] }[];
}

const MAX_COLUMNS = 50;

const unreadable = (why: string) => badRequest('import_file_unreadable', `文件无法读取：${why}`);

/** The bytes decide the format, not the declared type (browsers send .csv as application/vnd.ms-excel). */
function formatOf(bytes: Buffer): 'csv' | 'xlsx' {
  if (bytes.length >= 4 && bytes.readUInt32BE(0) === 0x504b0304) return 'xlsx';
  if (bytes.length >= 4 && bytes.readUInt32BE(0) === 0xd0cf11e0) {
    throw badRequest('xls_not_supported', '不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 或 CSV 后再导入');
  }
  return 'csv';
}

/** UTF-8 (with or without BOM), else GB18030 — what Excel in a Chinese locale saves a CSV as. */
function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

function parseCsv(bytes: Buffer): string[][] {
  const text = decodeText(bytes).replace(/^\uFEFF/, '');
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  // Rows copied out of Excel are tab-separated; a saved CSV uses commas.
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  try {
    return parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false, trim: true }) as string[][];
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw unreadable(`CSV 格式有误${line ? `（第 ${line} 行附近）` : ''}，请检查引号是否成对`);
  }
}

/** A cell as the text a person sees: dates as YYYY-MM-DD, formulas as their result, rich text joined. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  // Excel dates carry no time zone; exceljs gives the calendar date at UTC midnight.
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if ('richText' in value)
    return value.richText
      .map((r) => r.text)
      .join('')
      .trim();
  if ('result' in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
  if ('text' in value) return cellText(value.text as ExcelJS.CellValue);
  return '';
}

async function parseXlsx(bytes: Buffer): Promise<{ row: number; cells: string[] }[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw unreadable('不是有效的 xlsx 文件');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw unreadable('工作簿中没有工作表');
  const rows: { row: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rows.length > IMPORT_ROWS_MAX + 1) return;
    const cells: string[] = [];
    for (let c = 1; c <= Math.min(row.cellCount, MAX_COLUMNS); c++) cells.push(cellText(row.getCell(c).value));
    rows.push({ row: rowNumber, cells });
  });
  return rows;
}

/**
 * Reads a CSV or xlsx catalog: the first non-empty row is the header, empty rows are skipped (but keep their
 * numbers, so a report's row 7 is row 7 in the file). 400 for a file that cannot be read or has too many rows.
 */
export async function readSheet(bytes: Buffer): Promise<Sheet> {
  const format = formatOf(bytes);
  let all: { row: number; cells: string[] }[];
  if (format === 'xlsx') all = await parseXlsx(bytes);
  else all = parseCsv(bytes).map((cells, i) => ({ row: i + 1, cells: cells.slice(0, MAX_COLUMNS).map((c) => c.trim()) }));
  const nonEmpty = all.filter((r) => r.cells.some((c) => c !== ''));
  const [header, ...rows] = nonEmpty;
  if (!header) throw badRequest('import_empty', '文件是空的：第一行应为表头，下面每行一个商品');
  if (rows.length === 0) throw badRequest('import_empty', '文件中没有商品行（第一行是表头）');
  if (rows.length > IMPORT_ROWS_MAX) throw badRequest('import_too_many_rows', `一次最多导入 ${IMPORT_ROWS_MAX} 行，请分成几个文件`);
  return { format, headers: header.cells, rows };
}
