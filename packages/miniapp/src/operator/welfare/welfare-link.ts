import type { LinkCell } from '../../ui';

/** The operator home's way to 独居老人名单, among the calls' links (operator/index/sections.tsx). */
export const WELFARE_LINK: LinkCell = {
  className: 'operator__welfare',
  title: '独居老人名单',
  description: '登记独居老人；配送员上门无人应答时，社区关怀探访',
  url: '/operator/welfare/index',
};
