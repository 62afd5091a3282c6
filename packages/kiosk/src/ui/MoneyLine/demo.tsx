import { MoneyLine } from './index';

/** The last payments on 我的余额. */
export function Demo() {
  return (
    <ol className="payments__list">
      <MoneyLine what="社区食堂午餐" when="12月1日 11:45" amount_fen={1200} />
      <MoneyLine what="高山土鸡蛋 2 盒" when="11月30日 09:10" amount_fen={18580} />
      <MoneyLine what="理发" when="11月28日 15:30" amount_fen={1000} />
    </ol>
  );
}
