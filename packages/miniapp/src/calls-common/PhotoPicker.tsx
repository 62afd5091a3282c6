import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { ApiError, routes, UPLOAD_CONTENT_TYPES } from '@cc/shared';
import { call, errorMessage } from '../api';
import { Photos } from './components';
import './calls.css';

export interface AttachedPhoto {
  id: string;
  url: string;
}

const MAX_BYTES = 2 * 1024 * 1024;
const BY_EXTENSION: Record<string, (typeof UPLOAD_CONTENT_TYPES)[number]> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};

/** The bytes and type of a picked image: a blob: URL on H5, a temporary file on weapp. */
async function readPicked(file: { path: string; type?: string }): Promise<{ bytes: Uint8Array; content_type: string }> {
  if (process.env.TARO_ENV === 'h5') {
    const blob = await (await fetch(file.path)).blob();
    return { bytes: new Uint8Array(await blob.arrayBuffer()), content_type: blob.type || file.type || '' };
  }
  const data = await new Promise<ArrayBuffer>((resolve, reject) =>
    Taro.getFileSystemManager().readFile({
      filePath: file.path,
      success: (r) => resolve(r.data as ArrayBuffer),
      fail: reject,
    }),
  );
  const ext = /\.([a-z0-9]+)$/i.exec(file.path)?.[1]?.toLowerCase() ?? '';
  return { bytes: new Uint8Array(data), content_type: BY_EXTENSION[ext] ?? '' };
}

/** Up to `max` photos, each uploaded (POST /api/v1/uploads) as soon as it is picked; the form sends their ids. */
export function PhotoPicker({
  value,
  onChange,
  max = 4,
  hint = '拍下漏水、损坏的地方，师傅可以提前准备',
}: {
  value: AttachedPhoto[];
  onChange(v: AttachedPhoto[]): void;
  max?: number;
  /** What the photos are for, after "最多 N 张，". */
  hint?: string;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function pick() {
    setError(null);
    let picked: { path: string; type?: string }[];
    try {
      const r = await Taro.chooseImage({ count: max - value.length, sizeType: ['compressed'], sourceType: ['album', 'camera'] });
      picked = r.tempFiles.map((f) => ({ path: f.path, type: f.type }));
    } catch {
      return; // the person closed the picker
    }
    setBusy(true);
    const added: AttachedPhoto[] = [];
    try {
      for (const f of picked.slice(0, max - value.length)) {
        const file = await readPicked(f);
        if (!(UPLOAD_CONTENT_TYPES as readonly string[]).includes(file.content_type))
          throw new Error('只能上传 JPG、PNG 或 WebP 格式的照片');
        if (file.bytes.byteLength > MAX_BYTES) throw new Error('照片太大了（最大 2 MB），请换一张');
        const up = await call(routes.createUpload, { file });
        added.push({ id: up.id, url: up.url });
      }
    } catch (e) {
      setError(
        e instanceof ApiError
          ? errorMessage(e)
          : e instanceof Error && /[\u4e00-\u9fa5]/.test(e.message)
            ? e.message
            : '照片上传失败，请重试',
      );
    } finally {
      if (added.length) onChange([...value, ...added]);
      setBusy(false);
    }
  }

  return (
    <View className="call-photo-picker">
      <View className="call-photos">
        {value.length > 0 && <Photos urls={value.map((p) => p.url)} onRemove={(i) => onChange(value.filter((_, j) => j !== i))} />}
        {value.length < max && (
          <View className="call-photo-add" role="button" aria-disabled={busy} onClick={() => !busy && void pick()}>
            <Text className="call-photo-add__plus">{busy ? '…' : '+'}</Text>
            <Text>{busy ? '正在上传' : '添加照片'}</Text>
          </View>
        )}
      </View>
      {error ? (
        <View className="call-field__hint call-field__hint--error" role="alert">
          {error}
        </View>
      ) : (
        <Text className="call-field__hint">
          最多 {max} 张，{hint}
        </Text>
      )}
    </View>
  );
}
