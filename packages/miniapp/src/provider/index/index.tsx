import Taro from '@tarojs/taro';
import { Cell, CellGroup } from '@nutui/nutui-react-taro';
import { RoleShell } from '../../components/RoleShell';
import { CALL_PAGES } from '../../calls-common/lib';

// The provider sub-package: convenience-call service orders assigned to this person.
export default function ProviderHome() {
  return (
    <RoleShell title="服务人员工作台" intro="在这里接受派给您的便民服务单，上门服务并记录完成情况。" upcoming={['收入与结算']}>
      <CellGroup>
        <Cell
          className="provider__calls"
          title="我的服务单"
          description="待接单、处理中、已完成：接单或拒单、记录进展、完成服务"
          extra="进入"
          clickable
          onClick={() => void Taro.navigateTo({ url: CALL_PAGES.providerList })}
        />
      </CellGroup>
    </RoleShell>
  );
}
