import { Text } from '@tarojs/components';
import { Card } from './index';

/** A card with a title and one without. */
export function Demo() {
  return (
    <>
      <Card title="收货信息" testid="demo-card">
        <Text>王秀英 · 益乐社区 3 栋 2 单元 501</Text>
      </Card>
      <Card>
        <Text>没有标题的卡片：一段说明文字</Text>
      </Card>
    </>
  );
}
