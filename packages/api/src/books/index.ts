import type { Connection } from 'mongoose';
import { orderBooksFacts } from '../orders/books-facts';
import { orderModels } from '../orders/models';
import { walletBooksFacts } from '../wallet/books-facts';
import { checkLedger } from '../wallet/check';
import { ledgerModels } from '../wallet/models';
import { checkBooks } from './check';

/** The books check on a database connection alone (the CLI and the tests): each module's facts, then the check. */
export function booksCheckOn(conn: Connection) {
  const ledger = ledgerModels(conn);
  return () =>
    checkBooks({ orders: orderBooksFacts(orderModels(conn)), wallet: walletBooksFacts(ledger, conn), ledger: () => checkLedger(ledger) });
}
