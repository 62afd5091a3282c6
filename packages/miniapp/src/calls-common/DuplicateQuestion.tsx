import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import './calls.css';

/**
 * The API's 409 possible_duplicate, asked as a question: the same resident already has an open call of this service.
 * `existingId` is the open call (the problem's detail).
 */
export function DuplicateQuestion({
  question = '您已有一个同类呼叫在处理中，是同一个问题吗？',
  busy,
  onView,
  onConfirmNew,
  onCancel,
}: {
  question?: string;
  busy: boolean;
  onView: () => void;
  onConfirmNew: () => void;
  onCancel: () => void;
}) {
  return (
    <View className="call-notice call-duplicate" role="alertdialog" aria-label={question}>
      <Text className="call-notice__title call-duplicate__question">{question}</Text>
      <Text>是同一个问题就不用再发了，可以查看已有呼叫的进度；如果是另一个问题，请确认发起新的呼叫。</Text>
      <View className="call-actions">
        <Button block type="primary" className="call-duplicate__view" disabled={busy} onClick={onView}>
          是同一个问题，查看已有呼叫
        </Button>
        <Button block type="primary" fill="outline" className="call-duplicate__new" loading={busy} disabled={busy} onClick={onConfirmNew}>
          不是，这是新问题，继续发起
        </Button>
        <Button block fill="none" className="call-duplicate__back" disabled={busy} onClick={onCancel}>
          返回修改
        </Button>
      </View>
    </View>
  );
}
