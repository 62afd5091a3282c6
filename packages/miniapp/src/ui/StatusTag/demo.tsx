import { View } from '@tarojs/components';
import { ProductStatusTag, StatusTag } from './index';

/** Order statuses (one with the resident's next step), a call, a refund, a product. */
export function Demo() {
  return (
    <>
      <View>
        <StatusTag lifecycle="order" status="pending_payment" viewer="resident" />
      </View>
      <View>
        <StatusTag lifecycle="order" status="out_for_delivery" />
      </View>
      <View>
        <StatusTag lifecycle="order" status="completed" />
      </View>
      <View>
        <StatusTag lifecycle="order" status="refunding" />
      </View>
      <View>
        <StatusTag lifecycle="call" status="open" />
      </View>
      <View>
        <ProductStatusTag status="on_sale" />
      </View>
    </>
  );
}
