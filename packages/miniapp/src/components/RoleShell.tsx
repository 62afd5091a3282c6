import type { ReactNode } from 'react';
import { View, Text } from '@tarojs/components';
import { Cell, CellGroup } from '@nutui/nutui-react-taro';

/** The first page of a role's sub-package: what this role will be able to do here. */
export function RoleShell({
  title,
  intro,
  upcoming,
  children,
}: {
  title: string;
  intro: string;
  upcoming: string[];
  children?: ReactNode;
}) {
  return (
    <View className="page">
      <Text className="page-title">{title}</Text>
      <View className="page-subtitle">
        <Text>{intro}</Text>
      </View>
      {children}
      <View className="section-title">
        <Text>即将开通</Text>
      </View>
      <CellGroup>
        {upcoming.map((item) => (
          <Cell key={item} title={item} extra="建设中" />
        ))}
      </CellGroup>
    </View>
  );
}
