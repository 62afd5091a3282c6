import { RoleShell } from '../../components/RoleShell';
import { CALL_PAGES } from '../../calls-common/lib';
import { LinkCells } from '../../ui';

// The provider sub-package: convenience-call service orders assigned to this person.
export default function ProviderHome() {
  return (
    <RoleShell title="服务人员工作台" intro="在这里接受派给您的便民服务单，上门服务并记录完成情况。" upcoming={['收入与结算']}>
      <LinkCells
        links={[
          {
            className: 'provider__calls',
            title: '我的服务单',
            description: '待接单、处理中、已完成：接单或拒单、记录进展、完成服务',
            url: CALL_PAGES.providerList,
          },
        ]}
      />
    </RoleShell>
  );
}
