import { View, Text } from '@tarojs/components';
import { Button, Input } from '@nutui/nutui-react-taro';
import type { Role, UserSummary } from '@cc/shared';
import { ROLE_NAMES } from '../../roles';
import { named } from '../../ui/input-names';
import { GRANTABLE, usePeople, type Search } from './usePeople';
import './index.css';
import { EmptyView, LoadingView, Notice } from '../../ui';

const FILTERS: (Role | 'all')[] = ['all', 'resident', ...GRANTABLE];

/** 居民与角色: find a person of the community by nickname or phone (whole or last 4 digits), and give or take roles. */
export default function OperatorPeople() {
  const { search, setSearch, people, error, done, communityId, find, change } = usePeople();
  const go = (next: Search) => {
    setSearch(next);
    void find(next);
  };
  return (
    <View className="page operator-people">
      <View className="operator-people__search">
        <View className="operator-people__query" data-testid="people-query">
          <Input
            {...named('昵称或手机号')}
            placeholder="昵称，或手机号（完整或后 4 位）"
            value={search.text}
            onChange={(text) => setSearch({ ...search, text })}
            onConfirm={() => go(search)}
          />
        </View>
        <Button type="primary" size="small" onClick={() => go(search)} data-testid="people-search">
          查找
        </Button>
      </View>
      <View className="operator-people__filters" role="group" aria-label="按角色筛选">
        {FILTERS.map((r) => (
          <Button
            key={r}
            size="small"
            fill={search.role === r ? 'solid' : 'outline'}
            type="primary"
            aria-pressed={search.role === r}
            onClick={() => go({ ...search, role: r })}
          >
            {r === 'all' ? '全部' : ROLE_NAMES[r]}
          </Button>
        ))}
      </View>
      {error && <Notice tone="danger">{error}</Notice>}
      {done && <Notice tone="ok">{done}</Notice>}
      {people === null ? (
        <LoadingView />
      ) : people.length === 0 ? (
        <EmptyView title="没有找到" />
      ) : (
        people.map((p) => <Person key={p.id} person={p} communityId={communityId} onChange={change} />)
      )}
    </View>
  );
}

function Person(props: {
  person: UserSummary;
  communityId: string | null;
  onChange(p: UserSummary, role: Role, grant: boolean): Promise<void>;
}) {
  const { person: p, communityId, onChange } = props;
  const held = (role: Role) => p.roles.some((g) => g.role === role && g.community_id === communityId);
  const roles = [...new Set(p.roles.map((g) => ROLE_NAMES[g.role]))].join('、') || '无角色';
  return (
    <View className="operator-people__person" data-testid="person" data-user-id={p.id}>
      <Text className="operator-people__name">{p.nickname}</Text>
      <Text className="operator-people__facts">
        {p.phone_masked ?? '未绑定手机'} · {roles}
      </Text>
      {p.address && <Text className="operator-people__facts">{p.address}</Text>}
      <View className="operator-people__roles">
        {GRANTABLE.map((role) => (
          <Button
            key={role}
            size="small"
            type={held(role) ? 'danger' : 'primary'}
            fill="outline"
            data-testid={`${held(role) ? 'revoke' : 'grant'}-${role}`}
            onClick={() => void onChange(p, role, !held(role))}
          >
            {held(role) ? `撤销${ROLE_NAMES[role]}` : `设为${ROLE_NAMES[role]}`}
          </Button>
        ))}
      </View>
    </View>
  );
}
