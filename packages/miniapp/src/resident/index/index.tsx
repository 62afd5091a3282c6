import { RoleShell } from '../../components/RoleShell';

// Shell of the resident sub-package; the features arrive with their vertical slices.
export default function ResidentHome() {
  return (
    <RoleShell
      title="居民服务"
      intro="在这里购买社区商店和本地农户的商品，选择配送时段或自提点，跟踪配送，并呼叫维修、家政、助老等便民服务。"
      upcoming={['社区商城与农产品', '市民卡钱包与微信支付', '配送时段与自提点', '配送跟踪', '便民服务呼叫']}
    />
  );
}
