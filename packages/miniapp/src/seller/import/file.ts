import Taro from '@tarojs/taro';

/** The API's default upload bound (UPLOAD_MAX_BYTES). */
export const MAX_BYTES = 2 * 1024 * 1024;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface PickedFile {
  name: string;
  bytes: Uint8Array;
  content_type: string;
}

/** The media type by the file's name: the server looks at the bytes anyway (a zip is xlsx). */
export function typeOf(name: string): string | null {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (ext === 'csv') return 'text/csv';
  if (ext === 'xlsx') return XLSX;
  return null;
}

export const sizeText = (bytes: number) =>
  bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** A file input on H5, resolved with the chosen file or null when closed. */
function chooseH5File(): Promise<File | null> {
  return new Promise<File | null>((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = `.csv,.xlsx,text/csv,${XLSX}`;
    input.className = 'seller-import__file-input';
    input.style.display = 'none';
    input.onchange = () => {
      resolve(input.files?.[0] ?? null);
      input.remove();
    };
    input.oncancel = () => {
      resolve(null);
      input.remove();
    };
    document.body.appendChild(input);
    input.click();
  });
}

/** A .csv or .xlsx file: a file input on H5, a file from a WeChat chat on the phone. */
export async function pickFile(): Promise<PickedFile | null> {
  if (process.env.TARO_ENV === 'h5') {
    const file = await chooseH5File();
    if (!file) return null;
    return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()), content_type: typeOf(file.name) ?? file.type };
  }
  const r = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['csv', 'xlsx'] }).catch(() => null);
  const f = r?.tempFiles[0];
  if (!f) return null;
  const data = await new Promise<ArrayBuffer>((resolve, reject) =>
    Taro.getFileSystemManager().readFile({ filePath: f.path, success: (x) => resolve(x.data as ArrayBuffer), fail: reject }),
  );
  return { name: f.name, bytes: new Uint8Array(data), content_type: typeOf(f.name) ?? '' };
}

/** Why a picked file is not sent, or null when it may be. */
export function fileProblem(file: PickedFile): string | null {
  if (!typeOf(file.name)) return '请选择 .csv 或 .xlsx 文件（旧版 .xls 请在 Excel 里另存为 .xlsx）';
  if (file.bytes.byteLength > MAX_BYTES) return `文件太大了（${sizeText(file.bytes.byteLength)}），最大 2 MB：请分成几个文件导入`;
  if (file.bytes.byteLength === 0) return '文件是空的';
  return null;
}
