import { Remark } from './index';

/** The three tones, as a hidden product's reason, a caution and a fact read inside a card. */
export function Demo() {
  return (
    <>
      <Remark tone="danger">服务站 12/03 10:20 隐藏：图片与商品不符</Remark>
      <Remark tone="warning">库存只剩 2 件</Remark>
      <Remark tone="info">明天 18:00–20:00 送达</Remark>
    </>
  );
}
