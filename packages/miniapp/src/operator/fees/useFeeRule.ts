import { useCallback, useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { fenToYuanString, formatFen, routes, yuanStringToFen } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { useOperatorScope } from '../lib/commerce';

/** The limits of SetFeeRuleBody (contract/delivery-tasks.ts), said in yuan on the form. */
export const BASE_FEE_MAX_FEN = 100_00;
export const PER_KM_MAX_FEN = 10_00;

type Rule = { base_fee_fen: number; per_km_fen: number };
export type FeeState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; rule: Rule };

/** Yuan as typed → integer fen (no floating point), or why not. */
export function feeFen(text: string, max_fen: number): { fen: number } | { error: string } {
  let fen: number;
  try {
    fen = yuanStringToFen(text);
  } catch {
    return { error: '请输入金额（元），最多两位小数' };
  }
  if (fen < 0) return { error: '不能是负数' };
  if (fen > max_fen) return { error: `最多 ${formatFen(max_fen)}` };
  return { fen };
}

/** 配送费规则: the community's rule, the two amounts as typed in yuan, their checks, and saving. */
export function useFeeRule() {
  const { scope, reload: reloadScope } = useOperatorScope();
  const community_id = scope.kind === 'ready' ? scope.community_id : null;
  const [state, setState] = useState<FeeState>({ kind: 'loading' });
  const [base, setBase] = useState('');
  const [perKm, setPerKm] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);

  const load = useCallback(async () => {
    if (!community_id) return;
    setState({ kind: 'loading' });
    try {
      const rule = await call(routes.getDeliveryFeeRule, { params: { community_id }, query: {} });
      setState({ kind: 'ready', rule });
      setBase(fenToYuanString(rule.base_fee_fen));
      setPerKm(fenToYuanString(rule.per_km_fen));
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    }
  }, [community_id]);
  useEffect(() => void load(), [load]);

  const baseFen = feeFen(base, BASE_FEE_MAX_FEN);
  const perKmFen = feeFen(perKm, PER_KM_MAX_FEN);
  async function save() {
    setTried(true);
    if (!community_id || 'error' in baseFen || 'error' in perKmFen) return;
    setBusy(true);
    setSaveError(null);
    try {
      const rule = await call(routes.setDeliveryFeeRule, {
        params: { community_id },
        body: { base_fee_fen: baseFen.fen, per_km_fen: perKmFen.fen },
      });
      setState({ kind: 'ready', rule });
      void Taro.showToast({ title: '已保存', icon: 'success' });
    } catch (e) {
      setSaveError(e);
    } finally {
      setBusy(false);
    }
  }
  const fieldError = (r: { fen: number } | { error: string }) => (tried && 'error' in r ? r.error : null);
  return {
    scope,
    reloadScope,
    state,
    load,
    form: { base, setBase, perKm, setPerKm, baseError: fieldError(baseFen), perKmError: fieldError(perKmFen) },
    save,
    busy,
    saveError,
  };
}
