import type { Authenticator } from '../platform/http';
import { notFound } from '../platform/problem';
import { maskName, type CardService } from './cards';
import type { KioskSessions } from './kiosk-sessions';
import type { Ledger } from './ledger';
import type { WalletModels } from './models';
import type { Statements } from './statements';

/**
 * The wallet at a community kiosk: a tapped card and its PIN open a short session bound to that terminal; the
 * session shows the holder's balance and last payments, and ends as soon as the card is frozen or locked.
 */
export function kioskWallet(d: {
  models: WalletModels;
  ledger: Ledger;
  cards: CardService;
  statements: Statements;
  kioskSessions: KioskSessions;
}) {
  const { models, ledger, cards, statements, kioskSessions } = d;
  return {
    /** Card + PIN at a kiosk → a session bound to that terminal. */
    async kioskLogin(terminal: Parameters<typeof kioskSessions.open>[0], card_number: string, pin: string) {
      const card = await cards.findByNumber(card_number);
      if (!card) throw notFound('card_not_bound', '这张卡还没有在平台绑定，请到服务站办理');
      await cards.verifyPin(card, pin);
      const token = await kioskSessions.open(terminal, { card_id: card._id, user_id: card.user_id });
      return {
        token,
        expires_in_s: kioskSessions.ttlSeconds,
        holder_name: card.holder_name,
        holder_name_masked: maskName(card.holder_name),
      };
    },

    async kioskWallet(card_id: string) {
      const card = await models.Card.findById(card_id).lean<{ account_id: string; holder_name: string }>();
      if (!card) throw notFound('card_not_found', '卡片不存在');
      const account = await ledger.requireAccount(card.account_id);
      return {
        holder_name: card.holder_name,
        holder_name_masked: maskName(card.holder_name),
        balance_fen: account.balance_fen,
        last_payments: await statements.lastPayments(account._id, 5),
      };
    },

    /** Resolves a kiosk card session; a card frozen or locked meanwhile ends it. */
    cardAuthenticator: (async (terminal, token) => {
      const actor = await kioskSessions.resolve(terminal, token);
      if (!actor) return null;
      const card = await models.Card.findById(actor.card_id).lean<{ status: string; locked_until: Date | null }>();
      const locked = card?.locked_until && card.locked_until.getTime() > Date.now();
      return card?.status === 'active' && !locked ? actor : null;
    }) satisfies Authenticator['card'],
  };
}
