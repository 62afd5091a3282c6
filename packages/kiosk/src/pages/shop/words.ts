import { formatFen, type KioskShopItem } from '@cc/shared';
import { fenToChineseWords } from '../../money-words';

/** Items in one line, as written and read: 草本牙膏 2个，嫩豆腐 3盒. */
export const itemsLine = (items: { name: string; quantity: number; unit: string }[]) =>
  items.map((i) => `${i.name} ${i.quantity}${i.unit}`).join('，');

/** ¥12.50 on the screen, 十二元五角 aloud. */
export const moneySaid = (fen: number) => fenToChineseWords(fen);
export const money = (fen: number) => formatFen(fen);

export const priceLine = (i: KioskShopItem) => `${formatFen(i.price_fen)}/${i.unit}`;
