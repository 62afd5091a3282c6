import { Input } from '@tarojs/components';
import { Field, FieldHint } from './index';

/** A required field with a hint, an optional one, one with an error. */
export function Demo() {
  return (
    <>
      <Field label="联系人" required hint="送货时联系的人">
        <Input value="王秀英" nativeProps={{ 'aria-label': '联系人' }} />
      </Field>
      <Field label="备注" required={false}>
        <Input placeholder="例如：放在门口" nativeProps={{ 'aria-label': '备注' }} />
      </Field>
      <Field label="手机号" required error="请填写 11 位手机号">
        <Input value="1380013" nativeProps={{ 'aria-label': '手机号' }} />
      </Field>
      <FieldHint hint="单独的提示行" />
    </>
  );
}
