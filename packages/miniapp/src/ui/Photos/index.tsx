import Taro from '@tarojs/taro';
import { View, Text, Image } from '@tarojs/components';
import { photoUrl } from '../photo-url';
import { tappable } from '../tappable';
import './index.css';

export interface PhotosProps {
  urls: string[];
  onRemove?: (index: number) => void;
  /** Product photos: the first is the cover, any other can be made the cover. */
  onMakeCover?: (index: number) => void;
}

/**
 * Thumbnails; a tap shows them full screen. Loaded at once, not lazily: a few photos of one form or one call, which
 * the person has just picked or is about to look at.
 */
export function Photos({ urls, onRemove, onMakeCover }: PhotosProps) {
  const full = urls.map(photoUrl);
  return (
    <>
      {full.map((u, i) => (
        <View key={u} className="cc-photo">
          <Image
            className="cc-photo__img"
            src={u}
            mode="aspectFill"
            nativeProps={{ alt: onMakeCover && i === 0 ? '封面照片' : `照片 ${i + 1}` }}
            onClick={() => void Taro.previewImage({ urls: full, current: u }).catch(() => undefined)}
          />
          {onMakeCover &&
            (i === 0 ? (
              <Text className="cc-photo__cover">封面</Text>
            ) : (
              <View className="cc-photo__make-cover" {...tappable(() => onMakeCover(i))}>
                <Text>设为封面</Text>
              </View>
            ))}
          {onRemove && (
            <View className="cc-photo__remove" {...tappable(() => onRemove(i), '删除这张照片')}>
              <Text>×</Text>
            </View>
          )}
        </View>
      ))}
    </>
  );
}

/** A row of photos that wraps. */
export function PhotoRow(props: PhotosProps) {
  return (
    <View className="cc-photos">
      <Photos {...props} />
    </View>
  );
}
