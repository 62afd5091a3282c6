import type { ReactNode } from 'react';
import { View, Text } from '@tarojs/components';
import { pageTextClass } from '../settings/largeText';
import './RoleShell.css';

/**
 * The first page of a role's sub-package: what this role can do here. Features still to come, if any, are a plain
 * list (not tappable, so not dressed as buttons), each with 建设中 in words; with none, the list is not shown.
 */
export function RoleShell({
  title,
  intro,
  upcoming = [],
  children,
}: {
  title: string;
  intro: string;
  upcoming?: string[];
  children?: ReactNode;
}) {
  return (
    <View className={`page role-shell ${pageTextClass()}`} data-testid="role-shell">
      <View className="page-title" role="heading" aria-level={1}>
        <Text>{title}</Text>
      </View>
      <View className="page-subtitle">
        <Text>{intro}</Text>
      </View>
      {children}
      {upcoming.length > 0 && (
        <>
          <View className="section-title" role="heading" aria-level={2}>
            <Text>即将开通</Text>
          </View>
          <View className="role-shell__upcoming" role="list" data-testid="role-shell-upcoming">
            {upcoming.map((item) => (
              <View key={item} className="role-shell__item cc-spread" role="listitem">
                <Text className="role-shell__name">{item}</Text>
                <Text className="role-shell__state">建设中</Text>
              </View>
            ))}
          </View>
        </>
      )}
    </View>
  );
}
