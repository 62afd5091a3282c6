import { CardIcon } from '../../../components/Icons';
import { cardUrl, replace } from '../../../nav';
import { NoticeFrame } from '../../../inbox/NoticeFrame';
import { BigButton, ErrorView, LoadingView } from '../../../ui';
import { itemsLine, moneySaid } from '../words';
import { FrequentButton, ReorderCards, ShopFacts } from './sections';
import { useShop, type ShopState } from './useShop';
import '../shop.css';

function speechFor(state: ShopState): string {
  if (state.kind === 'loading') return '正在打开买菜，请稍候。';
  if (state.kind === 'error') return `${state.message}。${state.sessionOver ? '请重新刷卡。' : '请点重试。'}`;
  const { shop } = state;
  const where = shop.delivery ? `${shop.delivery.words}。` : '现在没有可以送货的时间。';
  const cards = shop.recent.map((c, i) => `第${i + 1}单，${itemsLine(c.items)}，现在一共${moneySaid(c.total_fen)}`).join('；');
  const again = cards ? `再买一次：${cards}。按再买一次就能下单。` : '还没有买过的东西。';
  return `买菜。${where}${again}卡里有${moneySaid(shop.wallet.balance_fen)}。`;
}

/** 买菜: the usual delivery in words, 再买一次 cards (one press each), and 常买的. */
export default function ShopPage() {
  const { state, reorder, retry } = useShop();
  return (
    <NoticeFrame title="买菜" speech={speechFor(state)} ready={state.kind !== 'loading'}>
      {state.kind === 'loading' && <LoadingView text="正在打开买菜…" />}
      {state.kind === 'error' && (
        <ErrorView message={state.message} noticeTestid="shop-error">
          <BigButton
            tone="primary"
            wide
            icon={state.sessionOver ? <CardIcon size={40} /> : undefined}
            label={state.sessionOver ? '重新刷卡' : '重试'}
            onClick={() => (state.sessionOver ? replace(cardUrl('shop')) : void retry())}
          />
        </ErrorView>
      )}
      {state.kind === 'ready' && (
        <>
          <ShopFacts shop={state.shop} />
          <ReorderCards shop={state.shop} onReorder={reorder} />
          <FrequentButton shop={state.shop} />
        </>
      )}
    </NoticeFrame>
  );
}
