import Taro from '@tarojs/taro';
import { Cell } from '@nutui/nutui-react-taro';

/** The operator home's way to 独居老人名单, among the calls' links (operator/index/sections.tsx). */
export function WelfareLink() {
  return (
    <Cell
      className="operator__welfare"
      title="独居老人名单"
      description="登记独居老人；配送员上门无人应答时，社区关怀探访"
      extra="进入"
      clickable
      onClick={() => void Taro.navigateTo({ url: '/operator/welfare/index' })}
    />
  );
}
