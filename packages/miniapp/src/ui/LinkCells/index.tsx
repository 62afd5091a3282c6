import Taro from '@tarojs/taro';
import { Cell, CellGroup } from '@nutui/nutui-react-taro';
import type { LinkCellsProps } from './types';

export type { LinkCell, LinkCellsProps } from './types';

/** A menu of a role's home: NutUI cells in one group, each opening its page. */
export function LinkCells({ links }: LinkCellsProps) {
  return (
    <CellGroup>
      {links.map((l) => (
        <Cell
          key={l.className}
          className={l.className}
          title={l.title}
          description={l.description}
          extra={l.extra ?? '进入'}
          clickable
          onClick={() => void Taro.navigateTo({ url: l.url })}
        />
      ))}
    </CellGroup>
  );
}
