import { View, Text } from '@tarojs/components';
import { pageTextClass } from '../../settings/largeText';
import { Inquiries } from '../lib/Inquiries';
import '../lib/agri.css';

/** 买家询价: every thread on the farmer's supply posts, the ones waiting for an answer counted on top. */
export default function FarmerInquiries() {
  return (
    <View className={`page farmer-inquiries ${pageTextClass()}`} data-testid="farmer-inquiries">
      <View className="page-title" role="heading" aria-level={1}>
        <Text>买家询价</Text>
      </View>
      <Inquiries side="farmer" title="全部询价" />
    </View>
  );
}
