import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { FamilyContact } from '@cc/shared';
import { FieldHint, TextField } from '../../ui';
import { MAX_CONTACTS, type Draft, type FamilyContacts } from './useFamilyContacts';

/** The saved contacts (numbers masked) and the button that starts editing them. */
export function SavedList({ saved, onEdit }: { saved: FamilyContact[]; onEdit(): void }) {
  return (
    <View className="family-contacts__list">
      {saved.length === 0 ? (
        <Text className="family-contacts__empty">还没有登记紧急联系人</Text>
      ) : (
        saved.map((c) => (
          <View key={`${c.name}-${c.phone_masked}`} className="family-contact">
            <Text className="family-contact__name">
              {c.name}（{c.relation}）
            </Text>
            <Text className="family-contact__phone">{c.phone_masked}</Text>
            <Text className="family-contact__how">{c.in_app ? '微信提醒 + 电话' : '服务站电话联系'}</Text>
          </View>
        ))
      )}
      <Button block type="primary" className="family-contacts__edit" onClick={onEdit}>
        {saved.length === 0 ? '添加紧急联系人' : '修改紧急联系人'}
      </Button>
    </View>
  );
}

/** One contact being edited: name, relation, phone, its error and 删除. */
function ContactForm({ f, c, i }: { f: FamilyContacts; c: Draft; i: number }) {
  return (
    <View className="family-contact-form" data-index={i}>
      <Text className="section-title">联系人 {i + 1}</Text>
      <TextField
        testid="family-contact-name"
        label="姓名"
        required
        maxLength={20}
        value={c.name}
        onChange={(v) => f.update(i, { name: v })}
      />
      <TextField
        testid="family-contact-relation"
        label="关系"
        required
        placeholder="如 儿子、女儿、邻居"
        maxLength={10}
        value={c.relation}
        onChange={(v) => f.update(i, { relation: v })}
      />
      <TextField
        testid="family-contact-phone"
        label="手机号"
        keypad="tel"
        required
        placeholder="11 位手机号"
        maxLength={11}
        value={c.phone}
        onChange={(v) => f.update(i, { phone: v.replace(/\D/g, '') })}
      />
      <FieldHint error={f.errors[i]} testid="family-contact-error" />
      <Button size="small" fill="none" onClick={() => f.remove(i)}>
        删除这一位
      </Button>
    </View>
  );
}

/** The draft list: each contact, 再加一位, 保存 and 取消. */
export function DraftForm({ f }: { f: FamilyContacts }) {
  return (
    <View className="family-contacts__form">
      {f.draft.map((c, i) => (
        <ContactForm key={i} f={f} c={c} i={i} />
      ))}
      {f.draft.length < MAX_CONTACTS && (
        <Button block fill="outline" className="family-contacts__add" onClick={f.add}>
          再加一位（最多 {MAX_CONTACTS} 位）
        </Button>
      )}
      <Button block type="primary" loading={f.busy} className="family-contacts__save" onClick={() => void f.save(f.draft)}>
        保存
      </Button>
      <Button block fill="none" onClick={f.stopEditing}>
        取消
      </Button>
    </View>
  );
}
