import { RoleShell } from '../../components/RoleShell';

// Shell of the farmer sub-package; the features arrive with their vertical slices.
export default function FarmerHome() {
  return (
    <RoleShell
      title="农户工作台"
      intro="在这里发布农产品供应，查看匹配的求购信息和价格行情，把供应转成店铺商品，履行订单并收款到钱包。"
      upcoming={['发布供应', '匹配的求购', '价格行情', '供应转为商品', '订单与收款']}
    />
  );
}
