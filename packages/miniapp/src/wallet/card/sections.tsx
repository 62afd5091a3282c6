import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button, Cell, CellGroup } from '@nutui/nutui-react-taro';
import { Success } from '@nutui/icons-react-taro';
import { formatFen, type Card } from '@cc/shared';
import { pageTextClass } from '../../settings/largeText';
import { CARD_TYPE_NAMES, WALLET_PAGES, backToWallet, cardState, shanghaiDateTime } from '../lib';
import { CardNumberField, SubmitButton } from '../components/FormParts';
import type { useCard } from './useCard';

type CardState = ReturnType<typeof useCard>;

export function Reissued({ last4 }: { last4: string }) {
  return (
    <View className={`page ${pageTextClass()}`} data-testid="card-reissued">
      <View className="state-view" role="status">
        <Success size={56} color="var(--cc-color-brand)" />
        <Text className="state-view__title">补卡成功</Text>
        <Text className="state-view__text">新卡尾号 {last4}，原卡余额已全部转入新卡。请为新卡设置支付密码。</Text>
      </View>
      <View className="wallet-buttons">
        <Button block size="large" type="primary" onClick={() => void Taro.redirectTo({ url: WALLET_PAGES.pin })}>
          设置支付密码
        </Button>
        <Button block fill="outline" type="primary" onClick={backToWallet}>
          返回钱包
        </Button>
      </View>
    </View>
  );
}

export function CardFacts({ card, balance_fen }: { card: Card; balance_fen: number }) {
  const state = cardState(card);
  return (
    <CellGroup>
      <Cell title="市民卡" extra={`尾号 ${card.last4} · ${CARD_TYPE_NAMES[card.card_type]}`} />
      <Cell title="持卡人" extra={card.holder_name_masked} />
      <Cell
        title="状态"
        extra={
          <Text className={`card-state card-state--${state.tone}`} data-testid="card-state">
            {state.text}
          </Text>
        }
      />
      <Cell title="余额" extra={formatFen(balance_fen)} />
      <Cell title="绑定时间" extra={shanghaiDateTime(card.bound_at)} />
    </CellGroup>
  );
}

/** 挂失, confirmed on the page (no pop-up). */
export function ReportLost({ card, c }: { card: Card; c: CardState }) {
  return (
    <View className="wallet-notice wallet-notice--danger">
      <Text className="wallet-notice__title">挂失</Text>
      <Text>卡片丢失时请立即挂失：卡片马上冻结，不能再付款或在社区终端登录。余额会保留，补办新卡后转入新卡。</Text>
      {c.confirming ? (
        <View>
          <Text className="wallet-notice__title card-confirm-question">确定挂失尾号 {card.last4} 的市民卡吗？</Text>
          <View className="wallet-notice__actions">
            <Button
              type="danger"
              className="card-lost-confirm"
              data-testid="card-lost-confirm"
              loading={c.busy}
              disabled={c.busy}
              onClick={() => void c.reportLost()}
            >
              确认挂失
            </Button>
            <Button fill="outline" type="default" disabled={c.busy} onClick={() => c.setConfirming(false)}>
              取消
            </Button>
          </View>
        </View>
      ) : (
        <View className="wallet-notice__actions">
          <Button type="danger" className="card-lost" data-testid="card-lost" onClick={() => c.setConfirming(true)}>
            挂失这张卡
          </Button>
        </View>
      )}
    </View>
  );
}

/** 补卡: the new card's number; the balance moves to it. */
export function Reissue({ c }: { c: CardState }) {
  return (
    <View>
      <View className="section-title">
        <Text>补卡</Text>
      </View>
      <View className="page-subtitle">
        <Text>到市民卡服务网点领取新卡后，填写新卡卡号。原卡的余额会全部转入新卡，原卡随即停用。</Text>
      </View>
      <CardNumberField testid="reissue-card-number" label="新卡卡号" value={c.newNumber} disabled={c.busy} onChange={c.setNewNumber} />
      <SubmitButton testid="reissue-submit" busy={c.busy} onSubmit={() => void c.reissue()}>
        补卡并转入余额
      </SubmitButton>
    </View>
  );
}
