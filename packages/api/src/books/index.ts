import type { Connection } from 'mongoose';
import { orderBooksFactsOn, type OrderBooksFacts } from '../orders/index';
import { proxyBooksFactsOn, type ProxyBooksFacts } from '../proxy-orders/index';
import { walletBooksFactsOn, type WalletBooksFacts } from '../wallet/index';
import { checkBooks } from './check';

export type { BooksReport } from './check';

/** The books check over the facts each module's service gives (a running API: `orders.booksFacts`, `wallet.booksFacts`). */
export const booksCheckOf = (orders: OrderBooksFacts, wallet: WalletBooksFacts, family: ProxyBooksFacts) => () =>
  checkBooks({ orders, wallet, family, ledger: wallet.ledgerCheck });

/** The books check on a database connection alone (the CLI and the tests): each module's facts, then the check. */
export const booksCheckOn = (conn: Connection) => booksCheckOf(orderBooksFactsOn(conn), walletBooksFactsOn(conn), proxyBooksFactsOn(conn));
