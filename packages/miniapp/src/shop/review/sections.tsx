import { View, Text } from '@tarojs/components';
import { Button, Rate, TextArea } from '@nutui/nutui-react-taro';
import type { Order } from '@cc/shared';
import { Notice, PhotoPicker } from '../../ui';
import { STAR_WORDS, backTo } from '../lib';
import type { ReviewModel } from './useReview';

/** A short page of a notice and 回到订单: after the review, or before the order can be reviewed. */
export function ReviewNotice({ done, order: o, orderUrl }: { done: boolean; order: Order; orderUrl: string }) {
  if (done)
    return (
      <View className="page shop-review">
        <Notice tone="ok" title="感谢您的评价" className="review-done">
          <Text>您的评价会显示在「{o.merchant_name}」的店铺页，帮助邻居们挑选。</Text>
        </Notice>
        <Button block type="primary" className="review-back" onClick={() => backTo(orderUrl)}>
          回到订单
        </Button>
      </View>
    );
  return (
    <View className="page">
      <Notice tone="warning" title="确认收货后才能评价">
        <Text>收到商品并确认收货后，再来说说商品和服务怎么样。</Text>
      </Notice>
      <Button block type="primary" onClick={() => backTo(orderUrl)}>
        回到订单
      </Button>
    </View>
  );
}

/** The seller and what was bought. */
export function ReviewedOrder({ order: o }: { order: Order }) {
  return (
    <View className="shop-card">
      <Text className="shop-card__title">{o.merchant_name}</Text>
      <Text className="shop-hint">{o.lines.map((l) => `${l.name} × ${l.quantity}${l.unit}`).join('、')}</Text>
    </View>
  );
}

/** The stars (with their words), a few words and up to three photos. */
export function ReviewForm({ m }: { m: ReviewModel }) {
  return (
    <View className="shop-card">
      <Text className="shop-card__title">商品和服务怎么样？</Text>
      <View className="review-stars">
        <Rate className="review-rate" count={5} value={m.rating} onChange={m.setRating} />
        <Text className="review-stars__words">{m.rating > 0 ? `${m.rating} 星：${STAR_WORDS[m.rating]}` : '点星星打分'}</Text>
      </View>
      <View className="shop-field">
        <TextArea
          className="review-text"
          maxLength={500}
          rows={4}
          showCount
          placeholder="说说新鲜不新鲜、分量够不够、送货准不准时（选填）"
          value={m.text}
          onChange={m.setText}
        />
      </View>
      <PhotoPicker value={m.photos} onChange={m.setPhotos} max={3} hint="拍一拍收到的商品（选填）" />
    </View>
  );
}
