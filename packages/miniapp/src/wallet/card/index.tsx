import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button, Cell, CellGroup, Input } from '@nutui/nutui-react-taro';
import { Success } from '@nutui/icons-react-taro';
import { CardNumber, formatFen, routes, type Wallet } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { EmptyView, ErrorView, LoadingView } from '../../components/StateView';
import { CARD_TYPE_NAMES, WALLET_PAGES, backToWallet, cardState, shanghaiDateTime } from '../lib';
import '../wallet.css';

type Load = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; wallet: Wallet };

/**
 * 挂失 (confirmed here on the page, frozen at once) and 补卡 (a new card number; the balance moves to it).
 * Which one shows depends on the card: an active card can be reported lost, a frozen one reissued.
 */
export default function CardPage() {
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [confirming, setConfirming] = useState(false);
  const [newNumber, setNewNumber] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [reissued, setReissued] = useState<{ last4: string } | null>(null);

  async function loadWallet() {
    setLoad((s) => (s.kind === 'ready' ? s : { kind: 'loading' }));
    try {
      setLoad({ kind: 'ready', wallet: await call(routes.getWallet, {}) });
    } catch (e) {
      setLoad({ kind: 'error', message: errorMessage(e) });
    }
  }
  useDidShow(() => {
    if (!reissued) void loadWallet();
  });

  async function reportLost() {
    setBusy(true);
    setError(null);
    try {
      await call(routes.reportCardLost, { body: {} });
      setConfirming(false);
      setNotice('挂失成功，卡片已冻结。任何人都不能再用这张卡付款或在终端登录。');
      await loadWallet();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function reissue() {
    const new_card_number = newNumber.replace(/\s+/g, '');
    const parsed = CardNumber.safeParse(new_card_number);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? '卡号应为 16–19 位数字');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const card = await call(routes.reissueCard, { body: { new_card_number } });
      setReissued({ last4: card.last4 });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  if (reissued) {
    return (
      <View className="page">
        <View className="state-view" role="status">
          <Success size={56} color="#0b6e4f" />
          <Text className="state-view__title">补卡成功</Text>
          <Text className="state-view__text">新卡尾号 {reissued.last4}，原卡余额已全部转入新卡。请为新卡设置支付密码。</Text>
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
  if (load.kind === 'loading') return <LoadingView />;
  if (load.kind === 'error') {
    return (
      <View className="page">
        <ErrorView message={load.message} onRetry={() => void loadWallet()} />
      </View>
    );
  }
  const { card, balance_fen } = load.wallet;
  if (!card) {
    return (
      <View className="page">
        <EmptyView title="还没有绑定市民卡" description="绑定后可以在这里挂失和补卡" />
        <Button block type="primary" onClick={() => void Taro.redirectTo({ url: WALLET_PAGES.bind })}>
          绑定市民卡
        </Button>
      </View>
    );
  }
  const state = cardState(card);

  return (
    <View className="page card-manage">
      <CellGroup>
        <Cell title="市民卡" extra={`尾号 ${card.last4} · ${CARD_TYPE_NAMES[card.card_type]}`} />
        <Cell title="持卡人" extra={card.holder_name_masked} />
        <Cell title="状态" extra={<Text className={`card-state card-state--${state.tone}`}>{state.text}</Text>} />
        <Cell title="余额" extra={formatFen(balance_fen)} />
        <Cell title="绑定时间" extra={shanghaiDateTime(card.bound_at)} />
      </CellGroup>

      {notice && (
        <View className="wallet-notice wallet-notice--ok" role="status">
          <Text>{notice}</Text>
        </View>
      )}
      {error && (
        <View className="wallet-error" role="alert">
          <Text>{error}</Text>
        </View>
      )}

      {card.status === 'active' && (
        <View className="wallet-notice wallet-notice--danger">
          <Text className="wallet-notice__title">挂失</Text>
          <Text>卡片丢失时请立即挂失：卡片马上冻结，不能再付款或在社区终端登录。余额会保留，补办新卡后转入新卡。</Text>
          {confirming ? (
            <View>
              <Text className="wallet-notice__title card-confirm-question">确定挂失尾号 {card.last4} 的市民卡吗？</Text>
              <View className="wallet-notice__actions">
                <Button type="danger" className="card-lost-confirm" loading={busy} disabled={busy} onClick={() => void reportLost()}>
                  确认挂失
                </Button>
                <Button fill="outline" type="default" disabled={busy} onClick={() => setConfirming(false)}>
                  取消
                </Button>
              </View>
            </View>
          ) : (
            <View className="wallet-notice__actions">
              <Button type="danger" className="card-lost" onClick={() => setConfirming(true)}>
                挂失这张卡
              </Button>
            </View>
          )}
        </View>
      )}

      {card.status === 'frozen' && (
        <View>
          <View className="section-title">
            <Text>补卡</Text>
          </View>
          <View className="page-subtitle">
            <Text>到市民卡服务网点领取新卡后，填写新卡卡号。原卡的余额会全部转入新卡，原卡随即停用。</Text>
          </View>
          <View className="wallet-field">
            <Text className="wallet-field__label">新卡卡号</Text>
            <View className="wallet-field__input">
              <Input
                className="reissue-card-number"
                type="number"
                placeholder="16–19 位数字"
                maxLength={19}
                value={newNumber}
                disabled={busy}
                onChange={(v) => {
                  setNewNumber(v);
                  setError(null);
                }}
              />
            </View>
          </View>
          <View className="wallet-submit">
            <Button
              block
              size="large"
              type="primary"
              className="reissue-submit"
              loading={busy}
              disabled={busy}
              onClick={() => void reissue()}
            >
              补卡并转入余额
            </Button>
          </View>
        </View>
      )}
    </View>
  );
}
