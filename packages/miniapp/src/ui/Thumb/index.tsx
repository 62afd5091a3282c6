import { View, Text, Image } from '@tarojs/components';
import { photoUrl } from '../photo-url';
import type { ThumbProps } from './types';
import './index.css';

export type { ThumbProps, ThumbSize } from './types';

const TINTS = ['success', 'warning', 'danger', 'info', 'neutral'].map((t) => `var(--cc-tone-${t}-bg)`);

/** One tint per key (a stable string hash), so the same category gets the same colour on every page. */
function tintOf(key: string): string {
  let h = 0;
  for (const ch of key) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return TINTS[h % TINTS.length] ?? TINTS[0]!;
}

/**
 * A photo in a fixed square (the box is sized before the image arrives, so lists do not jump), loaded lazily; without
 * a photo a tile with the first character. `alt` is required so no image reaches a screen reader unnamed.
 */
export function Thumb({ alt, url, size = 'md', label, tintKey, className = '' }: ThumbProps) {
  const box = `cc-thumb cc-thumb--${size} ${className}`;
  if (url) return <Image className={box} src={photoUrl(url)} mode="aspectFill" lazyLoad nativeProps={{ alt, loading: 'lazy' }} />;
  const small = size === 'xs' || size === 'sm';
  return (
    <View
      className={`${box} cc-thumb--none`}
      style={tintKey ? { background: tintOf(tintKey) } : undefined}
      role="img"
      aria-label={`${alt}（暂无图片）`}
    >
      <Text className="cc-thumb__char">{alt.slice(0, 1)}</Text>
      {label && !small && <Text className="cc-thumb__label">{label}</Text>}
    </View>
  );
}
