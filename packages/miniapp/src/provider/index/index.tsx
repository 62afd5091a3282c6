import { RoleShell } from '../../components/RoleShell';

// Shell of the provider sub-package; the features arrive with their vertical slices.
export default function ProviderHome() {
  return (
    <RoleShell
      title="服务人员工作台"
      intro="在这里接受派给您的便民服务单，上门服务并记录完成情况。"
      upcoming={['待接的服务单', '服务进度', '完成记录']}
    />
  );
}
