import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text, Image } from '@tarojs/components';
import { ApiError, routes, UPLOAD_CONTENT_TYPES } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { fileUrl } from '../../commerce/components';

export interface Picture {
  id: string;
  url: string;
}

/** The API's default photo bound (UPLOAD_MAX_BYTES); checked here first so nobody waits for a refusal. */
const MAX_BYTES = 2 * 1024 * 1024;
const BY_EXTENSION: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

/** The bytes and type of a picked image: a blob: URL on H5, a temporary file on weapp. */
async function readPicked(file: { path: string; type?: string }): Promise<{ bytes: Uint8Array; content_type: string }> {
  if (process.env.TARO_ENV === 'h5') {
    const blob = await (await fetch(file.path)).blob();
    return { bytes: new Uint8Array(await blob.arrayBuffer()), content_type: blob.type || file.type || '' };
  }
  const data = await new Promise<ArrayBuffer>((resolve, reject) =>
    Taro.getFileSystemManager().readFile({ filePath: file.path, success: (r) => resolve(r.data as ArrayBuffer), fail: reject }),
  );
  const ext = /\.([a-z0-9]+)$/i.exec(file.path)?.[1]?.toLowerCase() ?? '';
  return { bytes: new Uint8Array(data), content_type: BY_EXTENSION[ext] ?? '' };
}

/**
 * Product photos: each uploaded (POST /api/v1/uploads, raw bytes) as soon as it is picked; the first one is the cover.
 * A photo can be removed or made the cover.
 */
export function ImagePicker({ value, onChange, max }: { value: Picture[]; onChange(v: Picture[]): void; max: number }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function pick() {
    setError(null);
    let picked: { path: string; type?: string }[];
    try {
      const r = await Taro.chooseImage({ count: max - value.length, sizeType: ['compressed'], sourceType: ['album', 'camera'] });
      picked = r.tempFiles.map((f) => ({ path: f.path, type: f.type }));
    } catch {
      return; // closed the picker
    }
    setBusy(true);
    const added: Picture[] = [];
    try {
      for (const f of picked.slice(0, max - value.length)) {
        const file = await readPicked(f);
        if (!(UPLOAD_CONTENT_TYPES as readonly string[]).includes(file.content_type))
          throw new Error('只能上传 JPG、PNG 或 WebP 格式的图片');
        if (file.bytes.byteLength > MAX_BYTES) throw new Error('图片太大了（最大 2 MB），请换一张');
        const up = await call(routes.createUpload, { file });
        added.push({ id: up.id, url: up.url });
      }
    } catch (e) {
      setError(
        e instanceof ApiError
          ? errorMessage(e)
          : e instanceof Error && /[\u4e00-\u9fa5]/.test(e.message)
            ? e.message
            : '图片上传失败，请重试',
      );
    } finally {
      if (added.length) onChange([...value, ...added]);
      setBusy(false);
    }
  }

  return (
    <View className="seller-images">
      <View className="seller-images__grid">
        {value.map((p, i) => (
          <View key={p.id} className="seller-image">
            <Image
              className="seller-image__img"
              src={fileUrl(p.url)}
              mode="aspectFill"
              nativeProps={{ alt: i === 0 ? '封面照片' : `第 ${i + 1} 张照片` }}
            />
            {i === 0 ? (
              <Text className="seller-image__cover">封面</Text>
            ) : (
              <View className="seller-image__make-cover" role="button" onClick={() => onChange([p, ...value.filter((x) => x.id !== p.id)])}>
                <Text>设为封面</Text>
              </View>
            )}
            <View
              className="seller-image__remove"
              role="button"
              aria-label="删除这张图片"
              onClick={() => onChange(value.filter((x) => x.id !== p.id))}
            >
              <Text>×</Text>
            </View>
          </View>
        ))}
        {value.length < max && (
          <View className="seller-image-add" role="button" aria-disabled={busy} onClick={() => !busy && void pick()}>
            <Text className="seller-image-add__plus">{busy ? '…' : '+'}</Text>
            <Text>{busy ? '正在上传' : '添加图片'}</Text>
          </View>
        )}
      </View>
      {error ? (
        <View className="biz-field__hint biz-field__hint--error" role="alert">
          {error}
        </View>
      ) : (
        <Text className="biz-field__hint">最多 {max} 张，JPG / PNG / WebP，每张不超过 2 MB；第一张是封面</Text>
      )}
    </View>
  );
}
