import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button, Input } from '@nutui/nutui-react-taro';
import { shanghaiDate, type UserSummary, type WelfareResident } from '@cc/shared';
import { named } from '../../ui/input-names';
import { Card, EmptyView, NoteBox } from '../../ui';

/** A person as the operator knows them: name, masked phone, address (never an internal id). */
function PersonFacts({ person }: { person: UserSummary | undefined }) {
  return (
    <>
      <Text className="welfare__name">{person?.nickname ?? '居民'}</Text>
      <Text className="welfare__facts">
        {person?.phone_masked ?? '未绑定手机'}
        {person?.address ? ` · ${person.address}` : ''}
      </Text>
    </>
  );
}

/** One resident on the register, with the note and when; 移出名单 asks once more before it goes. */
export function ResidentRow(props: { resident: WelfareResident; person: UserSummary | undefined; onRemove(): Promise<boolean> }) {
  const { resident: r, person } = props;
  const [asking, setAsking] = useState(false);
  return (
    <View className="welfare__row" data-testid="welfare-resident" data-user-id={r.user_id}>
      <PersonFacts person={person} />
      {r.note && <Text className="welfare__note">备注：{r.note}</Text>}
      <Text className="welfare__facts">登记于 {shanghaiDate(new Date(r.registered_at))}</Text>
      <View className="welfare__actions">
        {asking ? (
          <>
            <Button size="small" fill="outline" onClick={() => setAsking(false)}>
              取消
            </Button>
            <Button size="small" type="danger" className="welfare__remove-confirm" onClick={() => void props.onRemove()}>
              确定移出
            </Button>
          </>
        ) : (
          <Button size="small" type="danger" fill="outline" className="welfare__remove" onClick={() => setAsking(true)}>
            移出名单
          </Button>
        )}
      </View>
    </View>
  );
}

/** A search result: 登记 opens the note (optional: 耳背、腿脚不便、子女电话…) and then registers. */
function Candidate(props: { person: UserSummary; listed: boolean; onRegister(note: string): Promise<boolean> }) {
  const [open, setOpen] = useState(false);
  return (
    <View className="welfare__row" data-testid="welfare-candidate" data-user-id={props.person.id}>
      <PersonFacts person={props.person} />
      {props.listed ? (
        <Text className="welfare__note">已在名单上</Text>
      ) : open ? (
        <NoteBox
          className="welfare__register-note"
          label="备注（身体状况、联系人等）"
          placeholder="如：独居，耳背，女儿电话见档案"
          submitText="登记为独居老人"
          max={200}
          onCancel={() => setOpen(false)}
          onSubmit={props.onRegister}
        />
      ) : (
        <View className="welfare__actions">
          <Button size="small" type="primary" className="welfare__register" onClick={() => setOpen(true)}>
            登记
          </Button>
        </View>
      )}
    </View>
  );
}

/** 登记独居老人: find a resident of the community by name or phone, then register them with a note. */
export function AddResident(props: {
  found: UserSummary[] | null;
  listed: Set<string>;
  onSearch(text: string): Promise<void>;
  onRegister(person: UserSummary, note: string): Promise<boolean>;
}) {
  const [text, setText] = useState('');
  return (
    <Card title="登记独居老人" className="welfare__add">
      <View className="welfare__search">
        <View className="welfare__query" data-testid="welfare-query">
          <Input
            {...named('居民昵称或手机号')}
            placeholder="昵称，或手机号（完整或后 4 位）"
            value={text}
            onChange={setText}
            onConfirm={() => void props.onSearch(text)}
          />
        </View>
        <Button type="primary" size="small" data-testid="welfare-search" onClick={() => void props.onSearch(text)}>
          查找
        </Button>
      </View>
      {props.found !== null &&
        (props.found.length === 0 ? (
          <EmptyView title="没有找到这位居民" />
        ) : (
          props.found.map((p) => (
            <Candidate key={p.id} person={p} listed={props.listed.has(p.id)} onRegister={(note) => props.onRegister(p, note)} />
          ))
        ))}
    </Card>
  );
}
