import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { AGRI_DEAL_STATUS_WORDS, agriMatchRoutes, fenToYuanString, formatFen, type AgriDeal, type AgriInquiry } from '@cc/shared';
import { call } from '../../api';
import { parseYuan } from '../../commerce/lib';
import { Stars, TextField, toastProblem } from '../../ui';
import { parseQuantity, priceMaxFen } from './agri';

/** "150 斤 × ¥3.33/斤 = ¥501.17" */
const dealWords = (d: AgriDeal) => `${d.quantity} ${d.unit} × ${formatFen(d.unit_price_fen)}/${d.unit} = ${formatFen(d.total_fen)}`;

/** The three deal steps as calls that replace the thread; a refusal is toasted in the kit's words. */
function useDeal(q: AgriInquiry, onChange: (next: AgriInquiry) => void) {
  const [busy, setBusy] = useState(false);
  const params = { inquiry_id: q.id };
  const run = async (send: () => Promise<AgriInquiry>) => {
    if (busy) return;
    setBusy(true);
    try {
      onChange(await send());
    } catch (e) {
      toastProblem(e);
    } finally {
      setBusy(false);
    }
  };
  return {
    busy,
    propose: (body: { quantity: number; unit_price_fen: number }) => run(() => call(agriMatchRoutes.proposeAgriDeal, { params, body })),
    decide: (accept: boolean) => run(() => call(agriMatchRoutes.decideAgriDeal, { params, body: { accept } })),
    rate: (stars: number) => run(() => call(agriMatchRoutes.rateAgriDeal, { params, body: { stars } })),
  };
}
type DealActions = ReturnType<typeof useDeal>;

/** The farmer writes down what was agreed: quantity in the post's unit and the price per unit in yuan. */
function ProposeForm({ q, deal }: { q: AgriInquiry; deal: DealActions }) {
  const unit = q.post_summary.unit;
  const asked = q.post_summary.unit_price_fen;
  const [quantity, setQuantity] = useState('');
  const [price, setPrice] = useState(asked === null ? '' : fenToYuanString(asked));
  const [errors, setErrors] = useState<{ quantity?: string; price?: string }>({});
  const submit = () => {
    const n = parseQuantity(quantity, '成交数量');
    const fen = parseYuan(price, { max: priceMaxFen(unit), label: '价格' });
    setErrors({ quantity: typeof n === 'string' ? n : undefined, price: typeof fen === 'string' ? fen : undefined });
    if (typeof n === 'number' && typeof fen === 'number') void deal.propose({ quantity: n, unit_price_fen: fen });
  };
  return (
    <View data-testid="agri-deal-form">
      <TextField
        testid="agri-deal-quantity"
        label={`成交数量（${unit}）`}
        keypad="decimal"
        value={quantity}
        error={errors.quantity}
        onChange={setQuantity}
      />
      <TextField
        testid="agri-deal-price"
        label={`每${unit}价格（元）`}
        keypad="decimal"
        value={price}
        error={errors.price}
        onChange={setPrice}
      />
      <Button type="primary" block loading={deal.busy} onClick={submit} data-testid="agri-deal-propose">
        记录成交
      </Button>
    </View>
  );
}

/** After a confirmed deal: my stars for the other side, once; then what I gave. */
function RateBox({ q, d, deal }: { q: AgriInquiry; d: AgriDeal; deal: DealActions }) {
  const [stars, setStars] = useState(0);
  const mine = q.my_side === 'buyer' ? d.rating_by_buyer : d.rating_by_farmer;
  const other = q.my_side === 'buyer' ? '农户' : '买家';
  if (mine !== null)
    return (
      <Text className="agri-muted" data-testid="agri-deal-rated">
        您给{other}打了 {mine} 星
      </Text>
    );
  return (
    <View data-testid="agri-deal-rate">
      <Stars label={`给${other}打分（计入对方信用）`} value={stars} onChange={setStars} />
      <Button block disabled={!stars} loading={deal.busy} onClick={() => void deal.rate(stars)} data-testid="agri-deal-rate-submit">
        提交评价
      </Button>
    </View>
  );
}

/** 成交 on a thread: the farmer records it, the buyer confirms or says it is wrong, then both rate each other. */
export function DealBox({ q, onChange }: { q: AgriInquiry; onChange(next: AgriInquiry): void }) {
  const deal = useDeal(q, onChange);
  const d = q.deal;
  const farmer = q.my_side === 'farmer';
  return (
    <View className="agri-deal" data-testid="agri-deal" data-status={d?.status ?? 'none'}>
      <Text className="agri-post__title">成交</Text>
      {d && (
        <Text className="agri-deal__words" data-testid="agri-deal-words">
          {AGRI_DEAL_STATUS_WORDS[d.status]}：{dealWords(d)}
        </Text>
      )}
      {farmer && (!d || d.status === 'declined') && <ProposeForm q={q} deal={deal} />}
      {!farmer && !d && <Text className="agri-muted">谈好后，由农户在这里记下数量和价格，您确认即可（计入双方信用和行情）。</Text>}
      {!farmer && d?.status === 'proposed' && (
        <View className="agri-deal__actions">
          <Button type="primary" loading={deal.busy} onClick={() => void deal.decide(true)} data-testid="agri-deal-accept">
            确认成交
          </Button>
          <Button loading={deal.busy} onClick={() => void deal.decide(false)} data-testid="agri-deal-decline">
            不对，请农户重填
          </Button>
        </View>
      )}
      {d?.status === 'done' && <RateBox q={q} d={d} deal={deal} />}
    </View>
  );
}
