import type { Connection } from 'mongoose';
import { proxyOrderModels, type ProxyOrderDoc, type ProxyOrderModels } from './models';

/** A 我来付 payment as the books check sees it: the proxy order, where it stands, and the booked transfer. */
export interface FamilyPaymentFact {
  proxy_order_id: string;
  checkout_id: string;
  status: ProxyOrderDoc['status'];
  total_fen: number;
  transfer_id: string;
}

/**
 * Read-only facts the books check (books/check.ts) needs from the proxy orders: every family payment that was booked
 * (streamed). While its order waits for the elder, that payment sits in clearing paying no order yet — legitimately.
 */
export function proxyBooksFacts(models: ProxyOrderModels) {
  return {
    async *familyPayments(): AsyncGenerator<FamilyPaymentFact> {
      const booked = { 'family_pay.transfer_id': { $ne: null } };
      const fields = { checkout_id: 1, status: 1, total_fen: 1, family_pay: 1 };
      for await (const p of models.ProxyOrder.find(booked, fields).lean<ProxyOrderDoc[]>().cursor()) {
        const transfer_id = p.family_pay?.transfer_id;
        if (!transfer_id) continue;
        yield { proxy_order_id: p._id, checkout_id: p.checkout_id, status: p.status, total_fen: p.total_fen, transfer_id };
      }
    },
  };
}
export type ProxyBooksFacts = ReturnType<typeof proxyBooksFacts>;

/** The proxy orders' books facts on a database connection alone (the CLI needs only MONGODB_URI). */
export const proxyBooksFactsOn = (conn: Connection) => proxyBooksFacts(proxyOrderModels(conn));
