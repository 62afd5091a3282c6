import { useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import { photoUrl } from '../../calls-common/components';
import type { ProductPhotoProps } from './types';
import './index.css';

export type { ProductPhotoProps } from './types';

/**
 * A product's first photo, loaded lazily (Taro's lazyLoad on weapp, loading="lazy" on H5), in a box of fixed size
 * that shows a quiet placeholder with the name's first character until the photo is there, or for good when the
 * seller has uploaded none or it fails to load (issue 12 item 2).
 */
export function ProductPhoto({ name, url, size = 'md', className = '' }: ProductPhotoProps) {
  const [failed, setFailed] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const show = Boolean(url) && !failed;
  return (
    <View className={`cc-photo cc-photo--${size} ${className}`} data-testid="product-photo">
      {!loaded && (
        <View className="cc-photo__none" aria-hidden={show ? true : undefined} aria-label={show ? undefined : `${name}（暂无图片）`}>
          <Text>{name.slice(0, 1)}</Text>
        </View>
      )}
      {show && (
        <Image
          className="cc-photo__img"
          src={photoUrl(url!)}
          mode="aspectFill"
          lazyLoad
          onLoad={() => setLoaded(true)}
          onError={() => setFailed(true)}
          nativeProps={{ alt: name, loading: 'lazy' }}
        />
      )}
    </View>
  );
}
