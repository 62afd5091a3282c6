import { RoleShell } from '../../components/RoleShell';

// Shell of the courier sub-package; the features arrive with their vertical slices.
export default function CourierHome() {
  return (
    <RoleShell
      title="配送员工作台"
      intro="在这里查看附近的配送任务并抢单，按规划路线配送，完成签收，查看收入。"
      upcoming={['附近的配送任务', '抢单', '配送路线', '签收凭证', '我的收入']}
    />
  );
}
