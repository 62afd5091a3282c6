import { ADDRESS_BOOK_MAX, type Address } from '@cc/shared';
import type { UserActor } from '../platform/actor';
import { newId } from '../platform/ids';
import { conflict, notFound } from '../platform/problem';
import type { IdentityModels, UserDoc } from './models';
import { maskPhone } from './users';

type AddressDoc = NonNullable<UserDoc['addresses']>[number];

const toAddress = (a: AddressDoc): Address => ({
  id: a.id,
  label: a.label,
  recipient: a.recipient,
  phone_masked: maskPhone(a.phone),
  detail: a.detail,
  is_default: a.is_default,
});

/** The address book (收货地址), kept on the person; orders copy the chosen entry, so later edits never change an order. */
export function createAddressService(models: IdentityModels) {
  const { User } = models;

  async function book(user_id: string): Promise<AddressDoc[]> {
    const user = await User.findById(user_id, { addresses: 1 }).lean<Pick<UserDoc, 'addresses'>>();
    if (!user) throw notFound('user_not_found', '用户不存在');
    return user.addresses ?? [];
  }

  return {
    list: async (actor: UserActor) => ({ items: (await book(actor.user_id)).map(toAddress) }),

    async add(
      actor: UserActor,
      body: { label: string; recipient: string; phone: string; detail: string; is_default?: boolean | undefined },
    ): Promise<Address> {
      const current = await book(actor.user_id);
      const entry: AddressDoc = {
        id: newId('adr'),
        label: body.label,
        recipient: body.recipient,
        phone: body.phone,
        detail: body.detail,
        // The first address is the default one.
        is_default: body.is_default === true || current.length === 0,
      };
      // Guarded on the size, so racing adds can never pass the limit.
      const res = await User.updateOne(
        { _id: actor.user_id, [`addresses.${ADDRESS_BOOK_MAX - 1}`]: { $exists: false } },
        { $push: { addresses: entry }, $set: { updated_at: new Date() } },
      );
      if (res.modifiedCount === 0) throw conflict('address_book_full', `最多保存 ${ADDRESS_BOOK_MAX} 个地址`);
      if (entry.is_default) {
        const all = await book(actor.user_id);
        await User.updateOne({ _id: actor.user_id }, { $set: { addresses: all.map((a) => ({ ...a, is_default: a.id === entry.id })) } });
      }
      return toAddress(entry);
    },

    async remove(actor: UserActor, address_id: string): Promise<void> {
      const res = await User.updateOne({ _id: actor.user_id }, { $pull: { addresses: { id: address_id } } });
      if (res.modifiedCount === 0) throw notFound('address_not_found', '地址不存在');
    },

    /** For checkout: the full entry (the phone is for the courier), only from the person's own book. */
    async of(user_id: string, address_id: string): Promise<{ recipient: string; phone: string; detail: string } | null> {
      const a = (await book(user_id)).find((x) => x.id === address_id);
      return a ? { recipient: a.recipient, phone: a.phone, detail: a.detail } : null;
    },
  };
}
export type AddressService = ReturnType<typeof createAddressService>;
