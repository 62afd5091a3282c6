import { RoleShell } from '../../components/RoleShell';

// Shell of the buyer sub-package; the features arrive with their vertical slices.
export default function BuyerHome() {
  return (
    <RoleShell
      title="采购工作台"
      intro="商店、食堂等采购方在这里发布求购，查看匹配的货源，联系农户或直接下单。"
      upcoming={['发布求购', '匹配的货源', '联系与下单']}
    />
  );
}
