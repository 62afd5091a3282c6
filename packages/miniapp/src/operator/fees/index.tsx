import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { EmergencyAlerts } from '../lib/alerts';
import { BASE_FEE_MAX_FEN, PER_KM_MAX_FEN, useFeeRule, type FeeState } from './useFeeRule';
import './fees.css';
import { Card, ErrorNotice, ErrorView, LoadingView, Money, TextField } from '../../ui';
import { formatFen } from '@cc/shared';

/** The rule in force, in yuan, and what a 2.3 km delivery costs under it. */
function CurrentRule({ rule }: { rule: Extract<FeeState, { kind: 'ready' }>['rule'] }) {
  return (
    <Card title="现行规则" testid="fee-rule">
      <View className="fee-line">
        <Text>基础配送费 </Text>
        <Money fen={rule.base_fee_fen} className="fee-base" />
      </View>
      <View className="fee-line">
        <Text>每公里加价 </Text>
        <Money fen={rule.per_km_fen} unit="公里" className="fee-per-km" />
      </View>
      <Text className="fee-hint">{`例如 2.3 公里按 3 公里算：${formatFen(rule.base_fee_fen + rule.per_km_fen * 3)}`}</Text>
    </Card>
  );
}

/** 配送费规则: the community's delivery fee (base + per started km), read and set in yuan; stored in fen. */
export default function FeeRulePage() {
  const f = useFeeRule();
  const alerts = <EmergencyAlerts communityId={f.scope.kind === 'ready' ? f.scope.community_id : null} />;
  if (f.scope.kind !== 'ready' || f.state.kind !== 'ready') {
    const message = f.scope.kind === 'error' ? f.scope.message : f.scope.kind === 'no-community' ? '请先在首页选择要管理的社区' : null;
    return (
      <View className="page">
        {alerts}
        {message ? (
          <ErrorView message={message} onRetry={() => void f.reloadScope()} />
        ) : f.state.kind === 'error' ? (
          <ErrorView message={f.state.message} onRetry={() => void f.load()} />
        ) : (
          <LoadingView />
        )}
      </View>
    );
  }
  const { form } = f;
  return (
    <View className="page fees" data-testid="fees-page">
      {alerts}
      <CurrentRule rule={f.state.rule} />
      <Card title="修改规则">
        <TextField
          testid="fee-base"
          label="基础配送费（元）"
          keypad="decimal"
          value={form.base}
          onChange={form.setBase}
          hint={`0 到 ${formatFen(BASE_FEE_MAX_FEN)}`}
          error={form.baseError}
        />
        <TextField
          testid="fee-per-km"
          label="每公里加价（元）"
          keypad="decimal"
          value={form.perKm}
          onChange={form.setPerKm}
          hint={`不足 1 公里按 1 公里算；0 到 ${formatFen(PER_KM_MAX_FEN)}`}
          error={form.perKmError}
        />
        {f.saveError !== null && <ErrorNotice error={f.saveError} />}
        <Text className="fee-hint">新规则对之后生成的配送任务生效。</Text>
        <Button block type="primary" className="fee-save" loading={f.busy} disabled={f.busy} onClick={() => void f.save()}>
          保存
        </Button>
      </Card>
    </View>
  );
}
