import { Text } from '@tarojs/components';
import { Notice } from '../../ui';

/** The one short line shown when the courier has refused the location permission (see usePosition). */
export function PositionNotice({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <Notice tone="warning" testid="position-notice">
      <Text>{text}</Text>
    </Notice>
  );
}
