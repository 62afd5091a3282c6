export default definePageConfig({ navigationBarTitleText: '店铺订单', enablePullDownRefresh: true, onReachBottomDistance: 80 });
